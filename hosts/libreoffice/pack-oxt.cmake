# Zips the staged extension folder into the .oxt with plain relative entry names ("META-INF/manifest.xml",
# not "./META-INF/…", which the office's package reader does not find).
# Usage: cmake -DSTAGE=<dir> -DOUT=<file.oxt> -P pack-oxt.cmake
file(GLOB entries RELATIVE ${STAGE} ${STAGE}/*)
list(SORT entries)
file(REMOVE ${OUT})
execute_process(COMMAND ${CMAKE_COMMAND} -E tar cf ${OUT} --format=zip ${entries}
                WORKING_DIRECTORY ${STAGE} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pack-oxt: zipping ${STAGE} into ${OUT} failed (${rc})")
endif()

# Turns a data file into a C++ source defining `extern const char SYMBOL[]` (NUL-terminated).
# Usage: cmake -DIN=file -DOUT=file.cpp -DSYMBOL=name -P embed-file.cmake
file(READ "${IN}" content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${content}")
file(WRITE "${OUT}" "// Generated from ${IN}; do not edit.\nnamespace byok::data {\nextern const char ${SYMBOL}[];\nconst char ${SYMBOL}[] = {${bytes}0x00};\n}\n")

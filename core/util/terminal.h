// Reading a secret from the person at the terminal: echo off, the line never shown, the terminal restored
// on every path out. Interrupt (Ctrl-C) and end-of-file cancel the prompt instead of killing the process,
// so the terminal is never left without echo.
#pragma once

#include <string>

#include "core/util/result.h"
#include "core/util/secret.h"

namespace byok::terminal {

// True when `fd` is a terminal (for stdin: a person can type; otherwise input is piped).
bool is_terminal(int fd);

// Writes `prompt` to stderr and reads one line from stdin (which must be a terminal) without echo.
// ErrorKind::Cancelled on Ctrl-C or Ctrl-D.
Result<Secret> read_hidden_line(const std::string& prompt);

}  // namespace byok::terminal

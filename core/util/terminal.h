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

// True when a person can be asked: stdin is a terminal, or stdin is piped but the process has a
// controlling terminal (/dev/tty), as in `pass show openai | byok keys set openai` typed in a shell.
bool can_prompt();

// Reads one line without echo, from stdin when it is a terminal (the prompt goes to stderr), else from
// the controlling terminal (prompt and answer both on /dev/tty). Echo is off before the prompt shows, so
// nothing typed after it is ever displayed. ErrorKind::Cancelled on Ctrl-C or Ctrl-D.
Result<Secret> read_hidden_line(const std::string& prompt);

}  // namespace byok::terminal

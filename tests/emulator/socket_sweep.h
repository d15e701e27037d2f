// Closes the emulator's idle keep-alive connections when it stops.
//
// Why: cpp-httplib 0.11 parks a worker thread on every idle keep-alive connection and only looks at its
// stop flag between requests, so Server::stop() would wait for each client's keep-alive to run out (60 s
// here; undici keeps connections that long). It has no hook that hands out accepted sockets, so we find
// them: every socket of this process whose *local* port is one of our listening ports and that has a peer
// was accepted by our servers (a client socket never has our listening port as its local port).
// shutdown() wakes the parked worker, which then closes the socket itself.
#pragma once

#include <vector>

namespace byok::emu {

// Returns how many connections were shut down.
int shutdown_accepted_connections(const std::vector<int>& listening_ports);

}  // namespace byok::emu

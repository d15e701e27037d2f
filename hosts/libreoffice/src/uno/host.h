// The one byok host per office process: the engine client, the main-thread queue, the status board and the
// commands in flight. Frames come and go (each gets its own protocol handler and sidebar panel) but share
// one engine, as an editor shares one language server — so this is the single process-wide object, created
// on first use and shut down when the office terminates (a terminate listener joins its threads before the
// library can be unloaded).
#pragma once

#include <com/sun/star/frame/XController.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/weakref.hxx>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "logic/byok_api.h"
#include "logic/engine_client.h"
#include "uno/main_thread.h"
#include "uno/status_board.h"

namespace byok::lo {

class Host {
 public:
  // The process's host, created on first call (main thread). Null after the office started terminating.
  static std::shared_ptr<Host> get(const css::uno::Reference<css::uno::XComponentContext>& context);

  explicit Host(const css::uno::Reference<css::uno::XComponentContext>& context);
  ~Host();

  const css::uno::Reference<css::uno::XComponentContext>& context() const { return context_; }
  StatusBoard& status() { return status_; }
  MainThreadQueue& main() { return *main_; }

  using Done = std::function<void(const RpcOutcome&)>;
  using OnDelta = std::function<void(const api::Delta&)>;
  // A request whose streamed deltas and reply are delivered on the main thread, deltas coalesced per batch
  // and always before the reply. Returns the request id (for cancel()).
  int64_t stream(const std::string& method, nlohmann::json params, OnDelta on_delta, Done on_done);
  int64_t call(const std::string& method, nlohmann::json params, Done on_done);
  void notify(const std::string& method, nlohmann::json params);
  void cancel(int64_t request_id);

  // Commands in flight, so that Stop (menu, shortcut, sidebar) reaches them: returns a handle for forget().
  int64_t track(std::function<void()> stop);
  void forget(int64_t handle);
  int stop_all();  // how many were stopped

  // A unique URI for a short-lived engine document ("untitled:byok-libreoffice/rewrite-3.txt").
  std::string fresh_document_uri(const char* kind) {
    return std::string("untitled:byok-libreoffice/") + kind + "-" + std::to_string(++documents_opened_) + ".txt";
  }

  // True the first time a controller is seen (its context menu gets our entries once).
  bool first_time_for(const css::uno::Reference<css::frame::XController>& controller);

  // Shows an error to the user (message box when the office has a UI) and on the status board.
  void report_error(const std::string& operation, const std::string& message);

  void shutdown();

 private:
  struct Streams;  // deltas buffered between the reader thread and the main thread
  std::variant<EngineCommand, std::string> locate_engine();
  void on_notification(const std::string& method, const nlohmann::json& params);
  void refresh_engine_pid();

  css::uno::Reference<css::uno::XComponentContext> context_;
  std::unique_ptr<MainThreadQueue> main_;
  StatusBoard status_;
  std::shared_ptr<Streams> streams_;
  std::unique_ptr<EngineClient> engine_;
  std::map<int64_t, std::function<void()>> in_flight_;  // main thread only
  int64_t next_handle_ = 1;
  int documents_opened_ = 0;
  std::vector<css::uno::WeakReference<css::frame::XController>> intercepted_;
};

}  // namespace byok::lo

#include "uno/host.h"

#include <com/sun/star/awt/MessageBoxButtons.hpp>
#include <com/sun/star/awt/MessageBoxType.hpp>
#include <com/sun/star/awt/Toolkit.hpp>
#include <com/sun/star/awt/XMessageBox.hpp>
#include <com/sun/star/awt/XMessageBoxFactory.hpp>
#include <com/sun/star/awt/XWindowPeer.hpp>
#include <com/sun/star/deployment/PackageInformationProvider.hpp>
#include <com/sun/star/frame/Desktop.hpp>
#include <com/sun/star/frame/XTerminateListener.hpp>
#include <cppuhelper/implbase1.hxx>
#include <osl/file.hxx>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <set>

#include "uno/settings.h"
#include "uno/ustr.h"

namespace byok::lo {

using namespace css;
using nlohmann::json;

// ---- the process-wide instance ---------------------------------------------------------------------------
namespace {

struct Registry {
  std::mutex m;
  std::shared_ptr<Host> host;
  bool terminated = false;
};
Registry& registry() {
  static Registry r;  // the one process-wide slot; see host.h for why it exists
  return r;
}

// Shuts the host down when the office terminates, before our library may be unloaded.
class TerminateListener : public cppu::WeakImplHelper1<frame::XTerminateListener> {
 public:
  void SAL_CALL queryTermination(const lang::EventObject&) override {}
  void SAL_CALL notifyTermination(const lang::EventObject&) override {
    std::shared_ptr<Host> host;
    {
      std::lock_guard lock(registry().m);
      registry().terminated = true;
      host = std::move(registry().host);
    }
    if (host) host->shutdown();
  }
  void SAL_CALL disposing(const lang::EventObject&) override {}
};

}  // namespace

std::shared_ptr<Host> Host::get(const uno::Reference<uno::XComponentContext>& context) {
  std::lock_guard lock(registry().m);
  if (registry().terminated) return nullptr;
  if (!registry().host) {
    registry().host = std::make_shared<Host>(context);
    frame::Desktop::create(context)->addTerminateListener(new TerminateListener());
  }
  return registry().host;
}

// ---- streamed deltas ---------------------------------------------------------------------------------------
struct Host::Streams {
  struct Entry {
    OnDelta on_delta;
    std::vector<api::Delta> pending;  // not yet delivered; consecutive pieces of one model are coalesced
  };
  std::mutex m;
  std::map<int64_t, Entry> entries;
  std::set<int64_t> finished;  // replies delivered: late deltas are dropped
  bool flush_posted = false;

  // Main thread: deliver the buffered text of one request (or all when id == 0).
  void flush(int64_t only_id) {
    std::vector<std::pair<OnDelta, std::vector<api::Delta>>> out;
    {
      std::lock_guard lock(m);
      if (only_id == 0) flush_posted = false;
      for (auto& [id, e] : entries) {
        if ((only_id != 0 && id != only_id) || e.pending.empty()) continue;
        if (!e.on_delta) {  // a plain call(): its streamed pieces are not wanted
          e.pending.clear();
          continue;
        }
        out.emplace_back(e.on_delta, std::move(e.pending));
        e.pending.clear();
      }
    }
    for (auto& [fn, deltas] : out)
      for (const auto& d : deltas) fn(d);
  }
};

Host::Host(const uno::Reference<uno::XComponentContext>& context)
    : context_(context), main_(std::make_unique<MainThreadQueue>(context)), streams_(std::make_shared<Streams>()) {
  EngineClient::Options o;
  o.locate = [this] { return locate_engine(); };
  o.on_notification = [this](const std::string& method, const json& params) { on_notification(method, params); };
  o.client_info = {{"name", "byok-libreoffice"}, {"version", "0.1.0"}};
  engine_ = std::make_unique<EngineClient>(std::move(o));
}

Host::~Host() { shutdown(); }

void Host::shutdown() {
  in_flight_.clear();
  if (engine_) engine_->shutdown();
  if (main_) main_->shutdown();
}

std::variant<EngineCommand, std::string> Host::locate_engine() {
  Settings settings;
  try {
    settings = load_settings(context_);
  } catch (const uno::Exception& e) {
    return "cannot read byok's settings: " + to_utf8(e.Message);
  }
  if (!settings.engine_path.empty()) {
    if (::access(settings.engine_path.c_str(), X_OK) != 0)
      return "the byok engine set in Tools ▸ byok… (" + settings.engine_path + ") is not an executable file";
    return EngineCommand{settings.engine_path, {"lsp"}};
  }
  // The engine bundled in the extension. Unpacked extension files lose their exec bit: restore it.
  try {
    auto info = deployment::PackageInformationProvider::get(context_);
    const OUString location = info->getPackageLocation(ascii("org.byok.libreoffice"));
    OUString sys;
    if (!location.isEmpty() && osl::FileBase::getSystemPathFromFileURL(location, sys) == osl::FileBase::E_None) {
      const std::string bundled = to_utf8(sys) + "/bin/byok";
      struct stat st {};
      if (::stat(bundled.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
        if ((st.st_mode & S_IXUSR) == 0) ::chmod(bundled.c_str(), st.st_mode | S_IXUSR | S_IXGRP | S_IXOTH);
        if (::access(bundled.c_str(), X_OK) == 0) return EngineCommand{bundled, {"lsp"}};
      }
    }
  } catch (const uno::Exception&) {
    // no package information (the component is not installed as an extension): try PATH
  }
  if (const char* path = std::getenv("PATH")) {
    std::string p = path;
    size_t start = 0;
    while (start <= p.size()) {
      size_t end = p.find(':', start);
      if (end == std::string::npos) end = p.size();
      const std::string dir = p.substr(start, end - start);
      const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/byok";
      if (::access(candidate.c_str(), X_OK) == 0) return EngineCommand{candidate, {"lsp"}};
      start = end + 1;
    }
  }
  return std::string(
      "the byok engine was not found: it is not bundled in this extension and `byok` is not on PATH; "
      "set its path in Tools ▸ byok…");
}

void Host::on_notification(const std::string& method, const json& params) {
  auto delta = api::read_delta(method, params);
  if (!delta) return;  // progress and log notifications: nothing to show
  std::lock_guard lock(streams_->m);
  if (streams_->finished.count(delta->request_id)) return;
  auto& e = streams_->entries[delta->request_id];
  if (!e.pending.empty() && e.pending.back().model == delta->model && !e.pending.back().done) {
    api::Delta& last = e.pending.back();
    last.text += delta->text;
    last.done = delta->done;
    if (delta->error) last.error = delta->error;
  } else {
    e.pending.push_back(std::move(*delta));
  }
  if (!streams_->flush_posted) {
    streams_->flush_posted = true;
    main_->post([s = streams_] { s->flush(0); });
  }
}

void Host::refresh_engine_pid() {
  const auto pid = engine_->engine_pid();
  status_.set_engine_pid(pid ? static_cast<int>(*pid) : 0);
}

int64_t Host::stream(const std::string& method, json params, OnDelta on_delta, Done on_done) {
  auto streams = streams_;
  MainThreadQueue* main = main_.get();
  // The reply may come before request() returns (engine cannot start, or a very fast engine); the closure
  // below runs on the main thread, which is busy in here until the id is known.
  auto id_holder = std::make_shared<int64_t>(0);
  const int64_t id = engine_->request(method, std::move(params), [streams, main, on_done, id_holder](const RpcOutcome& outcome) {
    main->post([streams, on_done, outcome, id_holder] {
      const int64_t id = *id_holder;
      streams->flush(id);  // the last buffered text comes before the reply
      {
        std::lock_guard lock(streams->m);
        streams->entries.erase(id);
        streams->finished.insert(id);
        if (streams->finished.size() > 1024) streams->finished.erase(streams->finished.begin());
      }
      on_done(outcome);
    });
  });
  *id_holder = id;
  {
    std::lock_guard lock(streams_->m);
    if (!streams_->finished.count(id)) streams_->entries[id].on_delta = std::move(on_delta);
  }
  refresh_engine_pid();
  return id;
}

int64_t Host::call(const std::string& method, json params, Done on_done) {
  // Same path as stream() (so that deltas some methods send are dropped cleanly), without a delta handler.
  return stream(method, std::move(params), nullptr, std::move(on_done));
}

void Host::notify(const std::string& method, json params) { engine_->notify(method, std::move(params)); }

void Host::cancel(int64_t request_id) { engine_->cancel(request_id); }

bool Host::first_time_for(const uno::Reference<frame::XController>& controller) {
  std::erase_if(intercepted_, [](const uno::WeakReference<frame::XController>& w) {
    return !uno::Reference<frame::XController>(w).is();
  });
  for (const auto& w : intercepted_)
    if (uno::Reference<frame::XController>(w) == controller) return false;
  intercepted_.emplace_back(controller);
  return true;
}

int64_t Host::track(std::function<void()> stop) {
  const int64_t h = next_handle_++;
  in_flight_[h] = std::move(stop);
  return h;
}

void Host::forget(int64_t handle) { in_flight_.erase(handle); }

int Host::stop_all() {
  auto stops = std::move(in_flight_);
  in_flight_.clear();
  for (auto& [h, stop] : stops) stop();
  return static_cast<int>(stops.size());
}

void Host::report_error(const std::string& operation, const std::string& message) {
  status_.set_idle(StatusBoard::Kind::Error, message);
  try {
    auto desktop = frame::Desktop::create(context_);
    auto frame = desktop->getCurrentFrame();
    if (!frame.is()) return;
    uno::Reference<awt::XWindowPeer> parent(frame->getContainerWindow(), uno::UNO_QUERY);
    uno::Reference<awt::XMessageBoxFactory> factory(awt::Toolkit::create(context_), uno::UNO_QUERY);
    if (!parent.is() || !factory.is()) return;
    auto box = factory->createMessageBox(parent, awt::MessageBoxType_ERRORBOX, awt::MessageBoxButtons::BUTTONS_OK,
                                         to_ou("byok: " + operation), to_ou(message));
    box->execute();  // headless offices return at once
  } catch (const uno::Exception&) {
    // the status board already carries the message
  }
}

}  // namespace byok::lo

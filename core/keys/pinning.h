// Host pinning: a key is attached to a request only when the request goes where the user's own
// configuration sends that provider, and only over TLS (a server on this machine excepted). Checked by
// the one function that puts keys into headers (llm::base_request), so no code path can skip it.
#pragma once

#include "core/config/provider_spec.h"
#include "core/http/url.h"
#include "core/util/result.h"

namespace byok::keys {

// ok when `spec`'s key may be sent to `destination`; otherwise an ErrorKind::Key error that names the
// project file responsible (if any) and the host the key would have gone to.
Status check_key_destination(const config::ProviderSpec& spec, const http::Url& destination);

}  // namespace byok::keys

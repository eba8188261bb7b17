#include "error.hpp"

#include <tcss/tcss.h>

namespace tcss {

void invalid(const std::string &message) { throw Error(TCSS_EINVAL, message); }

} // namespace tcss

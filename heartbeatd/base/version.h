// heartbeatd's version, and the Heartbeat release whose behaviour it follows.
#pragma once

#define HB_VERSION "0.1.0"
#define HB_COMPAT_VERSION "3.0.6"

#ifndef SAGETRAIN_CZLIB_SHIM_H
#define SAGETRAIN_CZLIB_SHIM_H
#include <zlib.h>
#endif

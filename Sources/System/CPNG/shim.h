#ifndef SAGETRAIN_CPNG_SHIM_H
#define SAGETRAIN_CPNG_SHIM_H
#include <png.h>
#endif

#ifndef SAGETRAIN_CCRYPTO_SHIM_H
#define SAGETRAIN_CCRYPTO_SHIM_H
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/md5.h>
#endif

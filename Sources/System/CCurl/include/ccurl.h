#ifndef CCURL_H
#define CCURL_H

// A thin C boundary over libcurl for Swift, which cannot call C variadic functions such as
// curl_easy_setopt. Every wrapper forwards to libcurl and returns its status code unchanged.

#include <curl/curl.h>
#include <stddef.h>

/// curl_global_init(CURL_GLOBAL_ALL), run exactly once per process whichever thread asks first; every call
/// returns that one call's result.
CURLcode ccurl_global_init(void);

// MARK: - Easy handle options (typed curl_easy_setopt)

CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
/// libcurl copies the string (CURLOPT_* string options are copied since 7.17.0).
CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
/// For CURLOPT_ERRORBUFFER (the buffer must hold CURL_ERROR_SIZE bytes and outlive the transfer), CURLOPT_SHARE.
CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
/// A header list (CURLOPT_HTTPHEADER); libcurl does not copy it, so it must outlive the transfer.
CURLcode ccurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list);
/// A *_BLOB option (CURLOPT_CAINFO_BLOB, CURLOPT_SSLCERT_BLOB, CURLOPT_SSLKEY_BLOB); libcurl copies the bytes.
CURLcode ccurl_easy_setopt_blob(CURL *handle, CURLoption option, const void *data, size_t length);

// MARK: - Callbacks (each sets the function and its context pointer together)

/// CURLOPT_WRITEFUNCTION, CURLOPT_READFUNCTION and CURLOPT_HEADERFUNCTION share this shape.
typedef size_t (*ccurl_data_callback)(char *buffer, size_t size, size_t count, void *context);
typedef int (*ccurl_xferinfo_callback)(
    void *context, curl_off_t download_total, curl_off_t download_now, curl_off_t upload_total,
    curl_off_t upload_now);
typedef int (*ccurl_seek_callback)(void *context, curl_off_t offset, int origin);

CURLcode ccurl_easy_set_write_callback(CURL *handle, ccurl_data_callback callback, void *context);
CURLcode ccurl_easy_set_read_callback(CURL *handle, ccurl_data_callback callback, void *context);
CURLcode ccurl_easy_set_header_callback(CURL *handle, ccurl_data_callback callback, void *context);
/// Also turns progress reporting on (CURLOPT_NOPROGRESS 0), without which the callback is never called.
CURLcode ccurl_easy_set_xferinfo_callback(CURL *handle, ccurl_xferinfo_callback callback, void *context);
CURLcode ccurl_easy_set_seek_callback(CURL *handle, ccurl_seek_callback callback, void *context);

/// The values libcurl's callbacks return to pause or abort (macros Swift cannot import reliably).
extern const size_t ccurl_write_pause;
extern const size_t ccurl_read_abort;
extern const int ccurl_seek_ok;
extern const int ccurl_seek_fail;

// MARK: - Information (typed curl_easy_getinfo)

CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode ccurl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);

// MARK: - Share handle

/// A CURLSH sharing the DNS cache and TLS sessions between threads, with a pthread mutex per lock_data kind.
typedef struct ccurl_share ccurl_share;

/// NULL when libcurl or the allocator fails.
ccurl_share *ccurl_share_create(void);
CURLSH *ccurl_share_handle(ccurl_share *share);
/// CURLSHE_IN_USE (and nothing freed) while an easy handle still uses the share.
CURLSHcode ccurl_share_destroy(ccurl_share *share);

// MARK: - Multi handle

/// Reads the multi handle's messages until the one saying `easy` is done: 1 with its result stored, else 0.
int ccurl_multi_take_result(CURLM *multi, CURL *easy, CURLcode *result);

// MARK: - Threads

/// Blocks SIGPIPE in the calling thread, so that a write to a closed socket fails with EPIPE instead of killing
/// the process (transfers run with CURLOPT_NOSIGNAL, under which libcurl no longer ignores SIGPIPE itself).
void ccurl_block_sigpipe(void);

/// Names the calling thread (pthread_setname_np, cut to the kernel's 15 bytes), for `top -H` and debuggers.
void ccurl_set_thread_name(const char *name);

#endif

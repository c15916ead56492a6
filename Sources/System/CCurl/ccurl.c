#define _GNU_SOURCE
#include "ccurl.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_result = CURLE_FAILED_INIT;

static void global_init_once(void) { global_result = curl_global_init(CURL_GLOBAL_ALL); }

CURLcode ccurl_global_init(void) {
    pthread_once(&global_once, global_init_once);
    return global_result;
}

CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ccurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list) {
    return curl_easy_setopt(handle, option, list);
}

CURLcode ccurl_easy_setopt_blob(CURL *handle, CURLoption option, const void *data, size_t length) {
    struct curl_blob blob;
    blob.data = (void *)data;
    blob.len = length;
    blob.flags = CURL_BLOB_COPY;
    return curl_easy_setopt(handle, option, &blob);
}

static CURLcode set_callback(
    CURL *handle, CURLoption function_option, void (*function)(void), CURLoption data_option, void *context) {
    CURLcode result = curl_easy_setopt(handle, function_option, function);
    if (result != CURLE_OK) return result;
    return curl_easy_setopt(handle, data_option, context);
}

CURLcode ccurl_easy_set_write_callback(CURL *handle, ccurl_data_callback callback, void *context) {
    return set_callback(handle, CURLOPT_WRITEFUNCTION, (void (*)(void))callback, CURLOPT_WRITEDATA, context);
}

CURLcode ccurl_easy_set_read_callback(CURL *handle, ccurl_data_callback callback, void *context) {
    return set_callback(handle, CURLOPT_READFUNCTION, (void (*)(void))callback, CURLOPT_READDATA, context);
}

CURLcode ccurl_easy_set_header_callback(CURL *handle, ccurl_data_callback callback, void *context) {
    return set_callback(handle, CURLOPT_HEADERFUNCTION, (void (*)(void))callback, CURLOPT_HEADERDATA, context);
}

CURLcode ccurl_easy_set_xferinfo_callback(CURL *handle, ccurl_xferinfo_callback callback, void *context) {
    CURLcode result =
        set_callback(handle, CURLOPT_XFERINFOFUNCTION, (void (*)(void))callback, CURLOPT_XFERINFODATA, context);
    if (result != CURLE_OK) return result;
    return curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
}

CURLcode ccurl_easy_set_seek_callback(CURL *handle, ccurl_seek_callback callback, void *context) {
    return set_callback(handle, CURLOPT_SEEKFUNCTION, (void (*)(void))callback, CURLOPT_SEEKDATA, context);
}

const size_t ccurl_write_pause = CURL_WRITEFUNC_PAUSE;
const size_t ccurl_read_abort = CURL_READFUNC_ABORT;
const int ccurl_seek_ok = CURL_SEEKFUNC_OK;
const int ccurl_seek_fail = CURL_SEEKFUNC_FAIL;

CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

CURLcode ccurl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

struct ccurl_share {
    CURLSH *handle;
    pthread_mutex_t locks[CURL_LOCK_DATA_LAST];
};

static void share_lock(CURL *handle, curl_lock_data data, curl_lock_access access, void *context) {
    (void)handle;
    (void)access;
    struct ccurl_share *share = context;
    if ((int)data >= 0 && data < CURL_LOCK_DATA_LAST) pthread_mutex_lock(&share->locks[data]);
}

static void share_unlock(CURL *handle, curl_lock_data data, void *context) {
    (void)handle;
    struct ccurl_share *share = context;
    if ((int)data >= 0 && data < CURL_LOCK_DATA_LAST) pthread_mutex_unlock(&share->locks[data]);
}

ccurl_share *ccurl_share_create(void) {
    struct ccurl_share *share = calloc(1, sizeof(struct ccurl_share));
    if (share == NULL) return NULL;
    for (int index = 0; index < CURL_LOCK_DATA_LAST; index++) pthread_mutex_init(&share->locks[index], NULL);
    share->handle = curl_share_init();
    if (share->handle == NULL
        || curl_share_setopt(share->handle, CURLSHOPT_LOCKFUNC, share_lock) != CURLSHE_OK
        || curl_share_setopt(share->handle, CURLSHOPT_UNLOCKFUNC, share_unlock) != CURLSHE_OK
        || curl_share_setopt(share->handle, CURLSHOPT_USERDATA, share) != CURLSHE_OK
        || curl_share_setopt(share->handle, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK
        || curl_share_setopt(share->handle, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK) {
        if (share->handle != NULL) curl_share_cleanup(share->handle);
        for (int index = 0; index < CURL_LOCK_DATA_LAST; index++) pthread_mutex_destroy(&share->locks[index]);
        free(share);
        return NULL;
    }
    return share;
}

CURLSH *ccurl_share_handle(ccurl_share *share) { return share->handle; }

CURLSHcode ccurl_share_destroy(ccurl_share *share) {
    CURLSHcode result = curl_share_cleanup(share->handle);
    if (result != CURLSHE_OK) return result;
    for (int index = 0; index < CURL_LOCK_DATA_LAST; index++) pthread_mutex_destroy(&share->locks[index]);
    free(share);
    return CURLSHE_OK;
}

int ccurl_multi_take_result(CURLM *multi, CURL *easy, CURLcode *result) {
    int remaining = 0;
    CURLMsg *message;
    while ((message = curl_multi_info_read(multi, &remaining)) != NULL) {
        if (message->msg == CURLMSG_DONE && message->easy_handle == easy) {
            *result = message->data.result;
            return 1;
        }
    }
    return 0;
}

void ccurl_block_sigpipe(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

void ccurl_set_thread_name(const char *name) {
    char truncated[16];
    strncpy(truncated, name, sizeof(truncated) - 1);
    truncated[sizeof(truncated) - 1] = '\0';
    pthread_setname_np(pthread_self(), truncated);
}

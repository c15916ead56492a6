/*
 * cimage_codec.h — PNG and JPEG decoding (and encoding, for fixtures) over Debian's libpng and libjpeg-turbo.
 *
 * Functions return CIMAGE_OK or a CIMAGE_ERROR_* code and, on failure, write a NUL-terminated message into
 * `error` (at most `error_capacity` bytes). libjpeg's fatal errors are caught (setjmp), never exit the process.
 * Pixels are 8-bit, row-major, channels interleaved (HWC). Buffers returned are freed with cimage_free.
 */
#ifndef SAGETRAIN_CIMAGE_CODEC_H
#define SAGETRAIN_CIMAGE_CODEC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CIMAGE_OK 0
#define CIMAGE_ERROR_ARGUMENT 1 /* NULL pointers, unsupported channel counts, empty or huge sizes */
#define CIMAGE_ERROR_FORMAT 2   /* neither PNG nor JPEG */
#define CIMAGE_ERROR_DECODE 3   /* corrupt or truncated data, or a color space that cannot be converted */
#define CIMAGE_ERROR_ENCODE 4   /* encoding failed */

/* The largest image decoded, in pixels (width x height). */
#define CIMAGE_MAX_PIXELS (1L << 28)

/* A decoded image. */
typedef struct cimage_image {
    uint8_t *pixels; /* width * height * channels bytes, freed with cimage_free */
    int32_t width;
    int32_t height;
    int32_t channels;
} cimage_image;

/* Decodes PNG or JPEG data (recognized by its signature) into `channels` channels: 1 (grayscale) or 3 (RGB),
 * converting color and dropping alpha (composited onto black) as needed. */
int cimage_decode(const uint8_t *data, size_t size, int32_t channels, cimage_image *out, char *error,
                  size_t error_capacity);

/* Encodes pixels (1 or 3 channels) as PNG into a new buffer. */
int cimage_encode_png(const uint8_t *pixels, int32_t width, int32_t height, int32_t channels, uint8_t **out,
                      size_t *size, char *error, size_t error_capacity);

/* Encodes pixels (1 or 3 channels) as JPEG of `quality` (1-100) into a new buffer. */
int cimage_encode_jpeg(const uint8_t *pixels, int32_t width, int32_t height, int32_t channels, int32_t quality,
                       uint8_t **out, size_t *size, char *error, size_t error_capacity);

/* Frees a buffer returned by this library (NULL is fine). */
void cimage_free(void *buffer);

#ifdef __cplusplus
}
#endif

#endif

// PNG through libpng's simplified API; JPEG through libjpeg with a setjmp error manager.
#include "cimage_codec.h"

#include <png.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

static int fail(int status, char *error, size_t capacity, const char *format, ...) {
    if (error != NULL && capacity > 0) {
        va_list arguments;
        va_start(arguments, format);
        vsnprintf(error, capacity, format, arguments);
        va_end(arguments);
    }
    return status;
}

static int is_png(const uint8_t *data, size_t size) {
    static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    return size >= 8 && memcmp(data, signature, 8) == 0;
}

static int is_jpeg(const uint8_t *data, size_t size) {
    return size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff;
}

static int decode_png(const uint8_t *data, size_t size, int32_t channels, cimage_image *out, char *error,
                      size_t capacity) {
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, data, size)) {
        return fail(CIMAGE_ERROR_DECODE, error, capacity, "corrupt PNG: %s", image.message);
    }
    if ((long)image.width * (long)image.height > CIMAGE_MAX_PIXELS) {
        png_image_free(&image);
        return fail(CIMAGE_ERROR_ARGUMENT, error, capacity, "PNG of %ux%u pixels is too large", image.width,
                    image.height);
    }
    image.format = channels == 1 ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
    uint8_t *pixels = malloc(PNG_IMAGE_SIZE(image));
    if (pixels == NULL) {
        png_image_free(&image);
        return fail(CIMAGE_ERROR_ARGUMENT, error, capacity, "out of memory");
    }
    if (!png_image_finish_read(&image, NULL, pixels, 0, NULL)) {
        free(pixels);
        return fail(CIMAGE_ERROR_DECODE, error, capacity, "corrupt PNG: %s", image.message);
    }
    *out = (cimage_image){pixels, (int32_t)image.width, (int32_t)image.height, channels};
    return CIMAGE_OK;
}

/* libjpeg's error manager, extended with a jump target: its fatal errors return here instead of exiting. */
struct jpeg_failure {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

static void jpeg_error_exit(j_common_ptr info) {
    struct jpeg_failure *failure = (struct jpeg_failure *)info->err;
    (*info->err->format_message)(info, failure->message);
    longjmp(failure->jump, 1);
}

static void jpeg_quiet(j_common_ptr info, int level) { (void)info, (void)level; }

static int decode_jpeg(const uint8_t *data, size_t size, int32_t channels, cimage_image *out, char *error,
                       size_t capacity) {
    struct jpeg_decompress_struct info;
    struct jpeg_failure failure;
    uint8_t *volatile pixels = NULL;
    info.err = jpeg_std_error(&failure.manager);
    failure.manager.error_exit = jpeg_error_exit;
    failure.manager.emit_message = jpeg_quiet;
    if (setjmp(failure.jump)) {
        jpeg_destroy_decompress(&info);
        free(pixels);
        return fail(CIMAGE_ERROR_DECODE, error, capacity, "corrupt JPEG: %s", failure.message);
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, (unsigned long)size);
    jpeg_read_header(&info, TRUE);
    info.out_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_start_decompress(&info);
    if ((long)info.output_width * (long)info.output_height > CIMAGE_MAX_PIXELS) {
        jpeg_destroy_decompress(&info);
        return fail(CIMAGE_ERROR_ARGUMENT, error, capacity, "JPEG of %ux%u pixels is too large", info.output_width,
                    info.output_height);
    }
    const size_t stride = (size_t)info.output_width * (size_t)info.output_components;
    pixels = malloc(stride * info.output_height);
    if (pixels == NULL) {
        jpeg_destroy_decompress(&info);
        return fail(CIMAGE_ERROR_ARGUMENT, error, capacity, "out of memory");
    }
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = pixels + stride * info.output_scanline;
        jpeg_read_scanlines(&info, &row, 1);
    }
    if (failure.manager.num_warnings > 0) {
        (*failure.manager.format_message)((j_common_ptr)&info, failure.message);
        jpeg_destroy_decompress(&info);
        free(pixels);
        return fail(CIMAGE_ERROR_DECODE, error, capacity, "corrupt JPEG: %s", failure.message);
    }
    jpeg_finish_decompress(&info);
    *out = (cimage_image){pixels, (int32_t)info.output_width, (int32_t)info.output_height, channels};
    jpeg_destroy_decompress(&info);
    return CIMAGE_OK;
}

int cimage_decode(const uint8_t *data, size_t size, int32_t channels, cimage_image *out, char *error,
                  size_t error_capacity) {
    if (data == NULL || out == NULL) return fail(CIMAGE_ERROR_ARGUMENT, error, error_capacity, "NULL argument");
    if (channels != 1 && channels != 3) {
        return fail(CIMAGE_ERROR_ARGUMENT, error, error_capacity, "channels must be 1 or 3, not %d", channels);
    }
    memset(out, 0, sizeof *out);
    if (is_png(data, size)) return decode_png(data, size, channels, out, error, error_capacity);
    if (is_jpeg(data, size)) return decode_jpeg(data, size, channels, out, error, error_capacity);
    return fail(CIMAGE_ERROR_FORMAT, error, error_capacity, "neither PNG nor JPEG data");
}

int cimage_encode_png(const uint8_t *pixels, int32_t width, int32_t height, int32_t channels, uint8_t **out,
                      size_t *size, char *error, size_t error_capacity) {
    if (pixels == NULL || out == NULL || size == NULL || width < 1 || height < 1 || (channels != 1 && channels != 3)) {
        return fail(CIMAGE_ERROR_ARGUMENT, error, error_capacity, "invalid PNG encoding arguments");
    }
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = (png_uint_32)width;
    image.height = (png_uint_32)height;
    image.format = channels == 1 ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
    png_alloc_size_t length = 0;
    if (!png_image_write_to_memory(&image, NULL, &length, 0, pixels, 0, NULL)) {
        return fail(CIMAGE_ERROR_ENCODE, error, error_capacity, "PNG encoding failed: %s", image.message);
    }
    uint8_t *buffer = malloc(length);
    if (buffer == NULL) return fail(CIMAGE_ERROR_ENCODE, error, error_capacity, "out of memory");
    if (!png_image_write_to_memory(&image, buffer, &length, 0, pixels, 0, NULL)) {
        free(buffer);
        return fail(CIMAGE_ERROR_ENCODE, error, error_capacity, "PNG encoding failed: %s", image.message);
    }
    *out = buffer;
    *size = length;
    return CIMAGE_OK;
}

int cimage_encode_jpeg(const uint8_t *pixels, int32_t width, int32_t height, int32_t channels, int32_t quality,
                       uint8_t **out, size_t *size, char *error, size_t error_capacity) {
    if (pixels == NULL || out == NULL || size == NULL || width < 1 || height < 1 || (channels != 1 && channels != 3) ||
        quality < 1 || quality > 100) {
        return fail(CIMAGE_ERROR_ARGUMENT, error, error_capacity, "invalid JPEG encoding arguments");
    }
    struct jpeg_compress_struct info;
    struct jpeg_failure failure;
    unsigned char *buffer = NULL; /* in memory (its address is taken), so valid after a longjmp */
    unsigned long length = 0;
    info.err = jpeg_std_error(&failure.manager);
    failure.manager.error_exit = jpeg_error_exit;
    if (setjmp(failure.jump)) {
        jpeg_destroy_compress(&info);
        free(buffer);
        return fail(CIMAGE_ERROR_ENCODE, error, error_capacity, "JPEG encoding failed: %s", failure.message);
    }
    jpeg_create_compress(&info);
    jpeg_mem_dest(&info, &buffer, &length);
    info.image_width = (JDIMENSION)width;
    info.image_height = (JDIMENSION)height;
    info.input_components = channels;
    info.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    jpeg_start_compress(&info, TRUE);
    const size_t stride = (size_t)width * (size_t)channels;
    while (info.next_scanline < info.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + stride * info.next_scanline);
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    *out = buffer;
    *size = length;
    return CIMAGE_OK;
}

void cimage_free(void *buffer) { free(buffer); }

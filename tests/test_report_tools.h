/* test_report_tools.h - reading PDFs back in the report tests: pdftotext,
 * pdfinfo and pdffonts (poppler-utils) run with posix_spawnp and a fixed
 * argv (no shell), their output captured through a pipe. Tests skip when poppler is
 * missing. Static inline so that each test file takes what it uses. */
#ifndef FT_TEST_REPORT_TOOLS_H
#define FT_TEST_REPORT_TOOLS_H

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Runs argv[0] (found on PATH) with the output stream `keep` (1 or 2) read
 * through a pipe and the other one sent to /dev/null; returns what came on
 * `keep`, or NULL when the tool could not run or exited with an error.
 * Caller frees. */
static inline char *rt_capture_stream(const char *const argv[], int keep)
{
	posix_spawn_file_actions_t actions;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int fds[2], status = 0;
	pid_t pid;
	ssize_t n;

	if (pipe(fds) != 0)
		return NULL;
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions, fds[1], keep);
	posix_spawn_file_actions_addclose(&actions, fds[0]);
	posix_spawn_file_actions_addclose(&actions, fds[1]);
	posix_spawn_file_actions_addopen(&actions, keep == 1 ? 2 : 1, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, argv[0], &actions, NULL, (char *const *)argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&actions);
		close(fds[0]);
		close(fds[1]);
		return NULL;
	}
	posix_spawn_file_actions_destroy(&actions);
	close(fds[1]);
	for (;;) {
		if (len + 4096 + 1 > cap) {
			char *bigger;

			cap = (len + 4096 + 1) * 2;
			bigger = realloc(buf, cap);
			if (!bigger)
				break;
			buf = bigger;
		}
		n = read(fds[0], buf + len, cap - len - 1);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fds[0]);
	waitpid(pid, &status, 0);
	if (!buf || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

/* The standard output of argv (see rt_capture_stream). */
static inline char *rt_capture(const char *const argv[])
{
	return rt_capture_stream(argv, 1);
}

/* 1 when pdftotext and pdfinfo can be run. */
static inline int rt_have_poppler(void)
{
	const char *const argv[] = { "pdfinfo", "-v", NULL };
	posix_spawn_file_actions_t actions;
	int status = 0;
	pid_t pid;

	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, argv[0], &actions, NULL, (char *const *)argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&actions);
		return 0;
	}
	posix_spawn_file_actions_destroy(&actions);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* The text of pages first..last (0, 0: all) as UTF-8. */
/* Why a report test skips (tu_skip, testutil.h); .ci/deps installs both. */
#define RT_NO_TOOLS \
	"pdfinfo/pdftotext (poppler-utils) or the DejaVu font (fonts-dejavu-core) missing"

/* 1 when a report test cannot run here: poppler or the font is missing. */
static inline int rt_no_tools(const char *font)
{
	struct stat sb;

	return !rt_have_poppler() || stat(font, &sb) != 0;
}

/* A file named name in the directory of db (tu_cleanup removes that
 * directory only when the test removed the file first). */
static inline void rt_path_next_to(const char *db, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s/%s", tu_db_dir(db), name);
}

static inline char *rt_pdftotext(const char *pdf, int first, int last)
{
	char f[16], l[16];
	const char *const all[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
	const char *const some[] = { "pdftotext", "-enc", "UTF-8", "-f", f, "-l", l, pdf, "-", NULL };

	snprintf(f, sizeof(f), "%d", first);
	snprintf(l, sizeof(l), "%d", last);
	return rt_capture(first > 0 ? some : all);
}

/* pdfinfo's output (Title:, Pages:, CreationDate: ...). */
static inline char *rt_pdfinfo(const char *pdf)
{
	const char *const argv[] = { "pdfinfo", "-isodates", pdf, NULL };

	return rt_capture(argv);
}

/* What pdftotext and pdffonts print on standard error while reading pdf
 * ("" for a clean file, e.g. no "Syntax Warning: Invalid 'begincidrange'
 * operator in ToUnicode CMap" of libharu's own CMap); NULL when one of them
 * failed. Caller frees. */
static inline char *rt_warnings(const char *pdf)
{
	const char *const text[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
	const char *const fonts[] = { "pdffonts", pdf, NULL };
	char *a = rt_capture_stream(text, 2), *b = rt_capture_stream(fonts, 2), *both = NULL;

	if (a && b && (both = malloc(strlen(a) + strlen(b) + 1)) != NULL)
		strcat(strcpy(both, a), b);
	free(a);
	free(b);
	return both;
}

#ifdef assert_string_equal /* with cmocka.h */
/* Fails, showing the warnings, when a PDF tool complains about pdf. */
static inline void rt_expect_no_warnings(const char *pdf)
{
	char *warnings = rt_warnings(pdf);

	assert_non_null(warnings);
	assert_string_equal(warnings, "");
	free(warnings);
}
#endif

/* 1 when qpdf can be run (.ci/deps installs it). */
static inline int rt_have_qpdf(void)
{
	const char *const argv[] = { "qpdf", "--version", NULL };
	char *out = rt_capture(argv);

	free(out);
	return out != NULL;
}

#define RT_NO_QPDF "qpdf missing (Debian package qpdf, installed by .ci/deps)"

#ifdef assert_string_equal /* with cmocka.h */
/* qpdf --check finds nothing: exit 0 (3 would be warnings, 2 errors), its
 * report on standard output, nothing on standard error. */
static inline void rt_expect_qpdf_clean(const char *pdf)
{
	const char *const argv[] = { "qpdf", "--check", pdf, NULL };
	char *out = rt_capture_stream(argv, 1), *err = rt_capture_stream(argv, 2);

	assert_non_null(out);
	assert_non_null(strstr(out, "No syntax or stream encoding errors found"));
	assert_non_null(err);
	assert_string_equal(err, "");
	free(out);
	free(err);
}
#endif

/* The value of a "Key:   value" line of pdfinfo, copied into out. */
static inline int rt_info_field(const char *info, const char *key, char *out, size_t size)
{
	const char *p = info;
	size_t klen = strlen(key);

	while (p && *p) {
		if (strncmp(p, key, klen) == 0 && p[klen] == ':') {
			const char *v = p + klen + 1, *end;

			v += strspn(v, " ");
			end = strchr(v, '\n');
			snprintf(out, size, "%.*s", (int)(end ? end - v : (long)strlen(v)), v);
			return 0;
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return -1;
}

static inline int rt_pages(const char *pdf)
{
	char *info = rt_pdfinfo(pdf);
	char value[32];
	int pages = -1;

	if (info && rt_info_field(info, "Pages", value, sizeof(value)) == 0)
		pages = (int)strtol(value, NULL, 10);
	free(info);
	return pages;
}

static inline long rt_file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* Reads a whole file; *len gets its size. Caller frees. */
static inline char *rt_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long size;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	buf = malloc((size_t)size + 1);
	if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[size] = '\0';
		*len = (size_t)size;
	}
	return buf;
}

/* Counts the occurrences of needle in haystack. */
static inline int rt_count(const char *haystack, const char *needle)
{
	int n = 0;

	for (const char *p = haystack; p && (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

#endif

#include "audit_anchor.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char anchor_magic[] = "fundtrack audit anchor 1";

/* ---- the key file ---------------------------------------------------------- */

static const char *home_dir(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home && home[0] == '/')
		return home;
	pw = getpwuid(geteuid());
	return pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
}

int audit_key_path(const char *option, char *buf, size_t size, int *is_default,
		   struct ft_error *err)
{
	const char *env = getenv("FUNDTRACK_AUDIT_KEY");
	const char *config = getenv("XDG_CONFIG_HOME");
	int n;

	*is_default = 0;
	if (option) {
		if (!*option)
			return ft_fail(err, "option '--key' needs a file name");
		n = snprintf(buf, size, "%s", option);
	} else if (env && *env) {
		n = snprintf(buf, size, "%s", env);
	} else {
		*is_default = 1;
		/* XDG Base Directory Specification: only an absolute
		 * $XDG_CONFIG_HOME counts, else ~/.config */
		if (config && config[0] == '/') {
			n = snprintf(buf, size, "%s/fundtrack/audit.key", config);
		} else {
			const char *home = home_dir();

			if (!home)
				return ft_fail(err, "no home folder to keep the audit key in: give "
						    "it with --key FILE or $FUNDTRACK_AUDIT_KEY");
			n = snprintf(buf, size, "%s/.config/fundtrack/audit.key", home);
		}
	}
	if (n < 0 || (size_t)n >= size)
		return ft_fail(err, "audit key file name '%s' is too long", buf);
	return 0;
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') /* a key typed back from a paper copy */
		return c - 'A' + 10;
	return -1;
}

/* n bytes from 2n hex digits; -1 on anything else. */
static int from_hex(const char *hex, unsigned char *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi = hex_value((unsigned char)hex[2 * i]);
		int lo = hi < 0 ? -1 : hex_value((unsigned char)hex[2 * i + 1]);

		if (lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/* Reads until end of file or size bytes; -1 with errno on failure. */
static int read_up_to(int fd, char *buf, size_t size, size_t *len)
{
	ssize_t got;

	*len = 0;
	while (*len < size && (got = read(fd, buf + *len, size - *len)) != 0) {
		if (got < 0 && errno != EINTR)
			return -1;
		if (got > 0)
			*len += (size_t)got;
	}
	return 0;
}

/* Refuses a key that others could read (and so forge anchors) or write
 * (and so swap for their own); OpenSSH refuses private keys alike. */
static int check_key_file(const char *path, const struct stat *st, struct ft_error *err)
{
	if (!S_ISREG(st->st_mode))
		return ft_fail(err, "audit key '%s' is not a regular file", path);
	if (st->st_uid != geteuid())
		return ft_fail(err, "audit key '%s' belongs to another user (uid %lu)", path,
			       (unsigned long)st->st_uid);
	if (st->st_mode & 077)
		return ft_fail(err, "audit key '%s' is open to group or others (mode %04o): "
				    "only its owner may read it ('chmod 600 %s')",
			       path, (unsigned)(st->st_mode & 07777), path);
	return 0;
}

/* Reads the key; *missing is set when path does not exist (err says so). */
static int read_key(const char *path, unsigned char key[AUDIT_KEY_BYTES], int *missing,
		    struct ft_error *err)
{
	char text[2 * AUDIT_KEY_BYTES + 2];
	struct stat st;
	size_t len = 0;
	int fd, rc = 0;

	*missing = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		*missing = errno == ENOENT;
		if (*missing)
			return ft_fail(err, "audit key '%s' does not exist: give the key the "
					    "anchor was made with (--key FILE or "
					    "$FUNDTRACK_AUDIT_KEY)",
				       path);
		return ft_fail(err, "cannot read the audit key '%s': %s", path, strerror(errno));
	}
	if (fstat(fd, &st) != 0)
		rc = ft_fail(err, "cannot read the audit key '%s': %s", path, strerror(errno));
	else
		rc = check_key_file(path, &st, err);
	if (rc == 0 && read_up_to(fd, text, sizeof(text), &len) != 0)
		rc = ft_fail(err, "cannot read the audit key '%s': %s", path, strerror(errno));
	close(fd);
	/* 64 hex digits, the newline optional */
	if (rc == 0 && (len < 2 * AUDIT_KEY_BYTES || len > 2 * AUDIT_KEY_BYTES + 1 ||
			(len == 2 * AUDIT_KEY_BYTES + 1 && text[len - 1] != '\n') ||
			from_hex(text, key, AUDIT_KEY_BYTES) != 0))
		rc = ft_fail(err, "audit key '%s' is malformed: 64 hex digits expected, as "
				  "'fundtrack audit anchor' creates it",
			     path);
	memset(text, 0, sizeof(text));
	return rc;
}

int audit_key_load(const char *path, unsigned char key[AUDIT_KEY_BYTES], struct ft_error *err)
{
	int missing;

	return read_key(path, key, &missing, err);
}

/* Creates every missing folder above path, mode 0700. */
static int make_parent_dirs(const char *path, struct ft_error *err)
{
	char *copy = strdup(path);
	int rc = 0;

	if (!copy)
		return ft_fail(err, "out of memory");
	for (char *slash = strchr(copy + 1, '/'); slash && rc == 0; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST)
			rc = ft_fail(err, "cannot create the folder '%s' for the audit key: %s",
				     copy, strerror(errno));
		*slash = '/';
	}
	free(copy);
	return rc;
}

static int random_bytes(unsigned char *buf, size_t n, struct ft_error *err)
{
	size_t have = 0;

	/* getrandom(2) without flags: the kernel's CSPRNG (/dev/urandom),
	 * blocking only until it is seeded once after boot */
	while (have < n) {
		ssize_t got = getrandom(buf + have, n - have, 0);

		if (got < 0 && errno != EINTR)
			return ft_fail(err, "cannot get random bytes for the audit key: %s",
				       strerror(errno));
		if (got > 0)
			have += (size_t)got;
	}
	return 0;
}

/* Writes a new key to path; never replaces an existing file (O_EXCL). */
static int create_key(const char *path, unsigned char key[AUDIT_KEY_BYTES], struct ft_error *err)
{
	char text[2 * AUDIT_KEY_BYTES + 2];
	size_t len = sizeof(text) - 1, done = 0;
	int fd, rc = 0;

	if (random_bytes(key, AUDIT_KEY_BYTES, err))
		return -1;
	sha256_hex(key, text); /* AUDIT_KEY_BYTES == SHA256_DIGEST: 64 hex digits */
	text[2 * AUDIT_KEY_BYTES] = '\n';
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return ft_fail(err, "cannot create the audit key '%s': %s", path, strerror(errno));
	/* 0600 whatever the umask: readable by the owner, by no one else */
	if (fchmod(fd, 0600) != 0)
		rc = -1;
	while (rc == 0 && done < len) {
		ssize_t put = write(fd, text + done, len - done);

		if (put < 0 && errno != EINTR)
			rc = -1;
		else if (put > 0)
			done += (size_t)put;
	}
	if (rc == 0 && fsync(fd) != 0)
		rc = -1;
	if (rc)
		rc = ft_fail(err, "cannot write the audit key '%s': %s", path, strerror(errno));
	if (close(fd) != 0 && rc == 0)
		rc = ft_fail(err, "cannot write the audit key '%s': %s", path, strerror(errno));
	if (rc)
		unlink(path);
	memset(text, 0, sizeof(text));
	return rc;
}

int audit_key_load_or_create(const char *path, int make_dirs, unsigned char key[AUDIT_KEY_BYTES],
			     int *created, struct ft_error *err)
{
	int missing;

	*created = 0;
	if (read_key(path, key, &missing, err) == 0)
		return 0;
	if (!missing)
		return -1;
	if (make_dirs && make_parent_dirs(path, err))
		return -1;
	if (create_key(path, key, err))
		return -1;
	*created = 1;
	return 0;
}

/* ---- the anchor file ------------------------------------------------------- */

void audit_anchor_stamp(char out[AUDIT_STAMP_BUF])
{
	time_t now = time(NULL);
	struct tm utc;

	if (!gmtime_r(&now, &utc) || strftime(out, AUDIT_STAMP_BUF, "%Y-%m-%dT%H:%M:%SZ", &utc) == 0)
		snprintf(out, AUDIT_STAMP_BUF, "1970-01-01T00:00:00Z");
}

static void mac_hex(const unsigned char key[AUDIT_KEY_BYTES], const char *text, size_t len,
		    char out[SHA256_HEX])
{
	unsigned char mac[SHA256_DIGEST];

	hmac_sha256(key, AUDIT_KEY_BYTES, text, len, mac);
	sha256_hex(mac, out);
}

int audit_anchor_format(const struct audit_anchor *a, const unsigned char key[AUDIT_KEY_BYTES],
			char *buf, size_t size, struct ft_error *err)
{
	char mac[SHA256_HEX];
	int n = snprintf(buf, size, "%s\ncity %s\nentry %" PRId64 "\nhash %s\ncreated %s\n",
			 anchor_magic, a->city[0] ? a->city : "-", a->entry, a->hash, a->created);

	if (n < 0 || (size_t)n + 5 + SHA256_HEX > size)
		return ft_fail(err, "the anchor does not fit into %zu bytes", size);
	mac_hex(key, buf, (size_t)n, mac);
	snprintf(buf + n, size - (size_t)n, "mac %s\n", mac);
	return 0;
}

/* One line "KEY VALUE\n" at *p: its value (NUL-terminated in val), or
 * -1 when the line is not there. */
static int take_line(const char **p, const char *end, const char *key, char *val, size_t size)
{
	size_t klen = strlen(key);
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	size_t vlen;

	if (!nl || (size_t)(nl - *p) <= klen + 1 || memcmp(*p, key, klen) != 0 || (*p)[klen] != ' ')
		return -1;
	vlen = (size_t)(nl - *p) - klen - 1;
	if (vlen >= size)
		return -1;
	memcpy(val, *p + klen + 1, vlen);
	val[vlen] = '\0';
	*p = nl + 1;
	return 0;
}

static int is_hex64(const char *s)
{
	return strlen(s) == SHA256_HEX - 1 && strspn(s, "0123456789abcdef") == SHA256_HEX - 1;
}

static int is_digits(const char *s, size_t min, size_t max)
{
	size_t n = strspn(s, "0123456789");

	return s[n] == '\0' && n >= min && n <= max;
}

/* YYYY-MM-DDTHH:MM:SSZ, digits where digits belong */
static int is_stamp(const char *s)
{
	static const char pattern[] = "dddd-dd-ddTdd:dd:ddZ";

	if (strlen(s) != sizeof(pattern) - 1)
		return 0;
	for (size_t i = 0; pattern[i]; i++)
		if (pattern[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != pattern[i])
			return 0;
	return 1;
}

/* Equal without an early exit (no timing hint to the byte that differs). */
static int same_hex(const char *a, const char *b)
{
	unsigned char diff = 0;

	for (size_t i = 0; i < SHA256_HEX - 1; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

static int malformed(const char *source, const char *what, struct ft_error *err)
{
	return ft_fail(err, "anchor '%s' is not a fundtrack anchor file: %s expected", source,
		       what);
}

int audit_anchor_parse(const char *text, size_t len, const char *source,
		       const unsigned char key[AUDIT_KEY_BYTES], struct audit_anchor *out,
		       struct ft_error *err)
{
	const char *p = text, *end = text + len, *nl;
	char entry[24], mac[SHA256_HEX + 1], expected[SHA256_HEX];
	size_t signed_len;

	memset(out, 0, sizeof(*out));
	if (memchr(text, '\0', len))
		return malformed(source, "text without NUL bytes", err);
	nl = memchr(text, '\n', len);
	if (!nl || (size_t)(nl - text) != strlen(anchor_magic) ||
	    memcmp(text, anchor_magic, strlen(anchor_magic)) != 0)
		return malformed(source, "first line 'fundtrack audit anchor 1'", err);
	p = nl + 1;
	if (take_line(&p, end, "city", out->city, sizeof(out->city)) ||
	    !(strcmp(out->city, "-") == 0 || is_digits(out->city, 8, 8)))
		return malformed(source, "line 2 'city AGS'", err);
	/* one spelling per anchor: no leading zero (fuzz_anchor found "01") */
	if (take_line(&p, end, "entry", entry, sizeof(entry)) || !is_digits(entry, 1, 18) ||
	    entry[0] == '0' || (out->entry = strtoll(entry, NULL, 10)) <= 0)
		return malformed(source, "line 3 'entry ID'", err);
	if (take_line(&p, end, "hash", out->hash, sizeof(out->hash)) || !is_hex64(out->hash))
		return malformed(source, "line 4 'hash' and 64 hex digits", err);
	if (take_line(&p, end, "created", out->created, sizeof(out->created)) ||
	    !is_stamp(out->created))
		return malformed(source, "line 5 'created YYYY-MM-DDTHH:MM:SSZ'", err);
	signed_len = (size_t)(p - text);
	if (take_line(&p, end, "mac", mac, sizeof(mac)) || !is_hex64(mac))
		return malformed(source, "line 6 'mac' and 64 hex digits", err);
	if (p != end)
		return malformed(source, "nothing after line 6", err);
	mac_hex(key, text, signed_len, expected);
	if (!same_hex(mac, expected))
		return ft_fail(err, "anchor '%s' does not match the audit key: it was edited or "
				    "forged, or made with another key",
			       source);
	return 0;
}

int audit_anchor_read(const char *path, char text[AUDIT_ANCHOR_MAX], size_t *len,
		      struct ft_error *err)
{
	char buf[AUDIT_ANCHOR_MAX + 1];
	struct stat st;
	int fd, rc = 0;

	/* non-blocking: a FIFO given by mistake must not hang the open */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return ft_fail(err, "cannot read anchor '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) != 0)
		rc = ft_fail(err, "cannot read anchor '%s': %s", path, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		rc = ft_fail(err, "anchor '%s' is not a regular file", path);
	else if (read_up_to(fd, buf, sizeof(buf), len) != 0)
		rc = ft_fail(err, "cannot read anchor '%s': %s", path, strerror(errno));
	else if (*len > AUDIT_ANCHOR_MAX)
		rc = ft_fail(err, "anchor '%s' is not a fundtrack anchor file: longer than %d bytes",
			     path, AUDIT_ANCHOR_MAX);
	else
		memcpy(text, buf, *len);
	close(fd);
	return rc;
}

int audit_anchor_is_file(const char *path)
{
	char text[AUDIT_ANCHOR_MAX];
	size_t len, magic = strlen(anchor_magic);

	return audit_anchor_read(path, text, &len, NULL) == 0 && len > magic &&
	       memcmp(text, anchor_magic, magic) == 0 && text[magic] == '\n';
}

int audit_anchor_parse_noted(const char *text, struct audit_anchor *out)
{
	const char *colon = strchr(text, ':');
	size_t digits = colon ? (size_t)(colon - text) : 0;

	if (!colon || digits < 1 || digits > 18 || strspn(text, "0123456789") != digits ||
	    !is_hex64(colon + 1))
		return 0;
	memset(out, 0, sizeof(*out));
	out->entry = strtoll(text, NULL, 10);
	memcpy(out->hash, colon + 1, SHA256_HEX);
	return out->entry > 0;
}

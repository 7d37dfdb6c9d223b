#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int atomic_file_check(const char *path, const char *what, struct ft_error *err)
{
	struct stat sb;

	if (!*path)
		return ft_fail(err, "cannot write %s'': the file name is empty", what);
	/* stat follows a symbolic link: a link to /dev/null is refused too.
	 * rename() would replace a device or fifo with a regular file (as
	 * root even /dev/null) and a directory's contents are not ours. */
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		return ft_fail(err, "cannot write %s'%s': not a regular file", what, path);
	return 0;
}

/* A new temporary file next to path, readable like any new file (mkstemp
 * makes it private; an export is for sending around). */
static FILE *open_temp(const char *path, char **temp_out)
{
	size_t size = strlen(path) + sizeof(".tmp-XXXXXX");
	char *temp = malloc(size);
	mode_t mask;
	FILE *f;
	int fd, saved;

	*temp_out = NULL;
	if (!temp) {
		errno = ENOMEM;
		return NULL;
	}
	snprintf(temp, size, "%s.tmp-XXXXXX", path);
	fd = mkstemp(temp);
	if (fd < 0) {
		saved = errno;
		free(temp);
		errno = saved;
		return NULL;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || !(f = fdopen(fd, "wb"))) {
		saved = errno;
		close(fd);
		unlink(temp);
		free(temp);
		errno = saved;
		return NULL;
	}
	*temp_out = temp;
	return f;
}

/* Makes the rename itself durable; best effort, the file is in place. */
static void sync_directory(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : NULL;
	int fd = open(dir ? dir : ".", O_RDONLY | O_DIRECTORY);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

static int fail_errno(struct ft_error *err, const char *what, const char *path, int e)
{
	return ft_fail(err, "cannot write %s'%s': %s", what, path,
		       e ? strerror(e) : "write error");
}

/* fill, then flush and sync; returns 0 or -1 with err filled. */
static int fill_and_sync(FILE *f, const char *path, const char *what, atomic_fill_fn fill,
			 void *arg, struct ft_error *err)
{
	int rc;

	errno = 0;
	err->msg[0] = '\0';
	rc = fill(arg, f, err);
	if (rc == 0 && (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0))
		rc = fail_errno(err, what, path, errno);
	else if (rc != 0 && !err->msg[0])
		fail_errno(err, what, path, errno);
	if (fclose(f) != 0 && rc == 0)
		rc = fail_errno(err, what, path, errno);
	return rc;
}

int atomic_write_file(const char *path, const char *what, atomic_fill_fn fill, void *arg,
		      struct ft_error *err)
{
	struct ft_error local;
	char *temp;
	FILE *f;
	int rc;

	if (!err)
		err = &local;
	if (atomic_file_check(path, what, err))
		return -1;
	f = open_temp(path, &temp);
	if (!f)
		return fail_errno(err, what, path, errno);
	rc = fill_and_sync(f, path, what, fill, arg, err);
	/* Checked again: the target may have changed while fill was writing. */
	if (rc == 0)
		rc = atomic_file_check(path, what, err);
	if (rc == 0 && rename(temp, path) != 0)
		rc = fail_errno(err, what, path, errno);
	if (rc == 0)
		sync_directory(path);
	else
		unlink(temp);
	free(temp);
	return rc;
}

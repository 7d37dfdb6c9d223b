/* pgcluster.c - see pgcluster.h. */
#define _DEFAULT_SOURCE /* setgroups */
#define _XOPEN_SOURCE 700 /* nftw */
#include "pgcluster.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define ADMIN_ROLE "ft_admin"

static int executable_in(const char *dir, const char *tool)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, tool);
	return access(path, X_OK) == 0;
}

/* The directory holding initdb and pg_ctl. */
static int find_bindir(char *out, size_t size)
{
	static const char *const debian[] = { "/usr/lib/postgresql/17/bin",
					      "/usr/lib/postgresql/16/bin",
					      "/usr/lib/postgresql/15/bin",
					      "/usr/lib/postgresql/14/bin",
					      "/usr/lib/postgresql/13/bin" };
	const char *env = getenv("FT_PG_BINDIR");
	const char *path = getenv("PATH");

	if (env && executable_in(env, "initdb")) {
		snprintf(out, size, "%s", env);
		return 0;
	}
	if (path) {
		char *copy = strdup(path), *save = NULL;

		for (char *d = copy ? strtok_r(copy, ":", &save) : NULL; d;
		     d = strtok_r(NULL, ":", &save)) {
			if (*d && executable_in(d, "initdb") && executable_in(d, "pg_ctl")) {
				snprintf(out, size, "%s", d);
				free(copy);
				return 0;
			}
		}
		free(copy);
	}
	for (size_t i = 0; i < sizeof(debian) / sizeof(debian[0]); i++) {
		if (executable_in(debian[i], "initdb")) {
			snprintf(out, size, "%s", debian[i]);
			return 0;
		}
	}
	return -1;
}

/* Who runs the server when we are root. */
static int find_server_user(struct pgc *c)
{
	const char *names[] = { getenv("FT_PG_USER"), "fundtrack-pg", "postgres" };

	c->uid = c->gid = -1;
	if (geteuid() != 0)
		return 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct passwd *pw = names[i] ? getpwnam(names[i]) : NULL;

		if (pw && pw->pw_uid != 0) {
			c->uid = (int)pw->pw_uid;
			c->gid = (int)pw->pw_gid;
			return 0;
		}
	}
	return -1;
}

/* Runs bindir/tool with args (NULL-terminated) as the server user, output
 * into dir/log. Returns the exit status, or -1. No shell is involved. */
static int run_tool(const struct pgc *c, const char *tool, ...)
{
	char path[512], log[128];
	const char *argv[16];
	int n = 0, status;
	va_list ap;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/%s", c->bindir, tool);
	snprintf(log, sizeof(log), "%s/log", c->dir);
	argv[n++] = path;
	va_start(ap, tool);
	while (n < 15 && (argv[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		if (c->uid >= 0 && (setgroups(0, NULL) != 0 || setgid((gid_t)c->gid) != 0 ||
				    setuid((uid_t)c->uid) != 0))
			_exit(126);
		if (chdir(c->dir) != 0)
			_exit(126);
		execv(path, (char *const *)argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int append_config(const struct pgc *c)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/data/postgresql.conf", c->dir);
	f = fopen(path, "a");
	if (!f)
		return -1;
	/* no TCP: the socket in our own 0700 directory is the only way in */
	fprintf(f, "\nlisten_addresses = ''\nunix_socket_directories = '%s'\n"
		   "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
		   "max_connections = 40\nshared_buffers = 32MB\n", c->dir);
	return fclose(f);
}

static void print_log(const struct pgc *c)
{
	char path[128], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/log", c->dir);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		fprintf(stderr, "  pg: %s", line);
	fclose(f);
}

int pgc_start(struct pgc *c, char *why, unsigned long why_size)
{
	char data[96];

	memset(c, 0, sizeof(*c));
	if (find_bindir(c->bindir, sizeof(c->bindir))) {
		snprintf(why, why_size, "no PostgreSQL server tools (initdb, pg_ctl) found in "
					"$FT_PG_BINDIR, $PATH or /usr/lib/postgresql/NN/bin "
					"(apt-get install postgresql)");
		return -1;
	}
	if (find_server_user(c)) {
		snprintf(why, why_size, "running as root and no unprivileged user for the "
					"server ($FT_PG_USER, fundtrack-pg or postgres): initdb "
					"refuses root");
		return -1;
	}
	snprintf(c->dir, sizeof(c->dir), "/tmp/ft-pg-XXXXXX");
	if (!mkdtemp(c->dir) || chmod(c->dir, 0700) != 0 ||
	    (c->uid >= 0 && chown(c->dir, (uid_t)c->uid, (gid_t)c->gid) != 0)) {
		snprintf(why, why_size, "cannot make a directory for the cluster: %s",
			 strerror(errno));
		return -1;
	}
	snprintf(data, sizeof(data), "%s/data", c->dir);
	if (run_tool(c, "initdb", "-D", data, "-U", ADMIN_ROLE, "--auth=trust", "-E", "UTF8",
		     "--locale=C", "--no-sync", NULL) != 0 ||
	    append_config(c) != 0 ||
	    run_tool(c, "pg_ctl", "start", "-w", "-s", "-D", data, "-l", "server.log", NULL) != 0) {
		print_log(c);
		snprintf(why, why_size, "initdb or pg_ctl start failed in %s (log above)", c->dir);
		pgc_stop(c);
		return -1;
	}
	c->running = 1;
	snprintf(c->uri, sizeof(c->uri), "postgresql:///postgres?host=%s&user=" ADMIN_ROLE,
		 c->dir);
	return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void pgc_stop(struct pgc *c)
{
	char data[96];

	if (!c->dir[0])
		return;
	snprintf(data, sizeof(data), "%s/data", c->dir);
	if (c->running)
		run_tool(c, "pg_ctl", "stop", "-w", "-s", "-m", "fast", "-D", data, NULL);
	c->running = 0;
	nftw(c->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	c->dir[0] = '\0';
}

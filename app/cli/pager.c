/* pager.c - showing long output through a pager without a shell. */
#include "pager.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* A positive number from the environment, or 0. */
static size_t env_size(const char *name)
{
	const char *text = getenv(name);
	char *end;
	unsigned long value;

	if (!text || !*text)
		return 0;
	errno = 0;
	value = strtoul(text, &end, 10);
	return errno || *end || value > 100000 ? 0 : (size_t)value;
}

int terminal_size(FILE *out, size_t *rows, size_t *cols)
{
	struct winsize ws = { 0 };
	int fd = fileno(out);

	if (fd < 0 || !isatty(fd))
		return 0;
	*rows = 24;
	*cols = 80;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0) {
		*rows = ws.ws_row;
		*cols = ws.ws_col;
	}
	if (env_size("LINES"))
		*rows = env_size("LINES");
	if (env_size("COLUMNS"))
		*cols = env_size("COLUMNS");
	return 1;
}

const char *pager_command(void)
{
	const char *command = getenv("FUNDTRACK_PAGER");

	if (!command)
		command = getenv("PAGER");
	if (!command)
		command = "less";
	command += strspn(command, " \t");
	if (!*command || strcmp(command, "cat") == 0)
		return NULL;
	return command;
}

static size_t count_lines(const char *text, size_t len)
{
	size_t lines = 0;

	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	return lines;
}

enum { MAX_PAGER_WORDS = 16 };

/* Splits a copy of command at blanks into argv (NULL-terminated). */
static int split_words(char *copy, char **argv)
{
	char *rest = NULL;
	int n = 0;

	for (char *word = strtok_r(copy, " \t", &rest); word; word = strtok_r(NULL, " \t", &rest)) {
		if (n == MAX_PAGER_WORDS)
			return -1;
		argv[n++] = word;
	}
	argv[n] = NULL;
	return n > 0 ? 0 : -1;
}

/* In the child: stdin from the pipe, then the pager; never returns. */
static void exec_pager(int read_end, int fd_out, char **argv)
{
	if (dup2(read_end, STDIN_FILENO) < 0 || dup2(fd_out, STDOUT_FILENO) < 0)
		_exit(127);
	close(read_end);
	setenv("LESS", "FRX", 0);
	setenv("LV", "-c", 0);
	/* our output is UTF-8 whatever the locale says: without a UTF-8 locale
	 * (a plain container, no de_DE) less would show "ü" as <C3><BC> */
	setenv("LESSCHARSET", "utf-8", 0);
	execvp(argv[0], argv);
	_exit(127);
}

/* Writes all of text to fd; a closed pipe (the user quit) ends quietly. */
static int write_all(int fd, const char *text, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, text, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EPIPE ? 0 : -1;
		text += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Runs the pager on text; 1 when it could not be started (nothing was
 * written), 0 or -1 as pager_show. */
static int run_pager(const char *text, size_t len, FILE *out, const char *command)
{
	char *copy = strdup(command);
	char *argv[MAX_PAGER_WORDS + 1];
	int fds[2], status, rc;
	pid_t pid;
	void (*saved)(int);

	if (!copy || split_words(copy, argv) != 0 || pipe(fds) != 0) {
		free(copy);
		return 1;
	}
	fflush(out);
	pid = fork();
	if (pid == 0) {
		close(fds[1]);
		exec_pager(fds[0], fileno(out), argv);
	}
	free(copy);
	close(fds[0]);
	if (pid < 0) {
		close(fds[1]);
		return 1;
	}
	saved = signal(SIGPIPE, SIG_IGN);
	rc = write_all(fds[1], text, len);
	close(fds[1]);
	signal(SIGPIPE, saved);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	/* exec failed before the pager read anything: show the text directly */
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return 1;
	return rc;
}

int pager_show(const char *text, size_t len, FILE *out, size_t rows,
	       const char *command)
{
	if (command && count_lines(text, len) >= rows) {
		int rc = run_pager(text, len, out, command);

		if (rc != 1)
			return rc;
	}
	if (len > 0 && fwrite(text, 1, len, out) != len)
		return -1;
	return fflush(out) == 0 ? 0 : -1;
}

/* pgcluster_main.c - one throwaway PostgreSQL cluster for a whole ctest run
 * (issue 20): the fixture tests pg_cluster_start / pg_cluster_stop in
 * tests/CMakeLists.txt run
 *
 *   pgcluster start STATE   start a cluster (tests/pgcluster.h), write
 *                           what stopping it needs and its URI to STATE
 *   pgcluster stop STATE    stop it, remove its directory and STATE
 *
 * The tests of label "postgres" read the URI from STATE
 * ($FT_TEST_PG_STATE, see tu_temp_db in testutil.h). Exit 77 (skipped)
 * when no cluster can be made here.
 */
#include "pgcluster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int write_state(const struct pgc *c, const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fprintf(f, "uri=%s\ndir=%s\nbindir=%s\nuid=%d\ngid=%d\n", c->uri, c->dir, c->bindir,
		c->uid, c->gid);
	return fclose(f);
}

static void copy_value(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int read_state(struct pgc *c, const char *path)
{
	char line[512];
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	memset(c, 0, sizeof(*c));
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "dir=", 4) == 0)
			copy_value(c->dir, sizeof(c->dir), line + 4);
		else if (strncmp(line, "bindir=", 7) == 0)
			copy_value(c->bindir, sizeof(c->bindir), line + 7);
		else if (strncmp(line, "uid=", 4) == 0)
			c->uid = atoi(line + 4);
		else if (strncmp(line, "gid=", 4) == 0)
			c->gid = atoi(line + 4);
	}
	fclose(f);
	c->running = c->dir[0] != '\0';
	return c->running ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct pgc c;
	char why[512];

	if (argc != 3 || (strcmp(argv[1], "start") != 0 && strcmp(argv[1], "stop") != 0)) {
		fprintf(stderr, "usage: pgcluster start|stop STATE\n");
		return 2;
	}
	if (strcmp(argv[1], "stop") == 0) {
		if (read_state(&c, argv[2]) != 0)
			return 0; /* never started (skipped): nothing to stop */
		pgc_stop(&c);
		remove(argv[2]);
		return 0;
	}
	remove(argv[2]);
	if (pgc_start(&c, why, sizeof(why)) != 0) {
		fprintf(stderr, "no PostgreSQL cluster: %s\n", why);
		return 77;
	}
	if (write_state(&c, argv[2]) != 0) {
		perror(argv[2]);
		pgc_stop(&c);
		return 1;
	}
	printf("%s\n", c.uri);
	return 0;
}

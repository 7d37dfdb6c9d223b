/* pgcluster.h - a throwaway PostgreSQL cluster for the tests (issue 20).
 *
 * pgc_start runs initdb into a new mkdtemp directory and starts the server
 * with no TCP at all (listen_addresses = ''), only a Unix socket in that
 * directory, trust authentication for that socket (nobody else can reach
 * it: the directory is 0700), fsync off (throwaway data). initdb refuses
 * to run as root, so as root the cluster runs as an unprivileged user:
 * $FT_PG_USER, else "fundtrack-pg" (.ci/run creates it), else "postgres"
 * (Debian's package). The tools come from $FT_PG_BINDIR, $PATH or
 * /usr/lib/postgresql/NN/bin. pgc_stop stops the server (pg_ctl stop -m
 * fast) and removes the directory.
 */
#ifndef FT_PGCLUSTER_H
#define FT_PGCLUSTER_H

struct pgc {
	char dir[64];    /* the mkdtemp directory: data/, the socket, log */
	char bindir[256];
	char uri[256];   /* postgresql:///postgres?host=DIR&user=ft_admin */
	int uid, gid;    /* who runs the server; -1 = this process's user */
	int running;
};

/* Returns 0 and fills c; or -1 with why (a sentence for tu_skip) when no
 * cluster can be made here. */
int pgc_start(struct pgc *c, char *why, unsigned long why_size);
void pgc_stop(struct pgc *c);

#endif

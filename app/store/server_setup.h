/* server_setup.h - what a city's IT runs once on a PostgreSQL server for
 * fundtrack (fundtrack db init-server, issue 20): the roles, the schema
 * and the functions that give SQLite's answers (schema/pg/init-server.sql
 * followed by schema/pg/compat.sql, embedded at build time). */
#ifndef FT_SERVER_SETUP_H
#define FT_SERVER_SETUP_H

#include <stdio.h>

#include "error.h"

/* Writes the whole SQL text to f; 0 or -1 with err. */
int server_setup_print(FILE *f, struct ft_error *err);

/* Runs it against the server uri (postgresql://...) in one transaction,
 * as the role the URI names (a superuser, or one with CREATEROLE that may
 * create the schema). Refuses an SQLite path: a file needs no setup. */
int server_setup_run(const char *uri, struct ft_error *err);

#endif

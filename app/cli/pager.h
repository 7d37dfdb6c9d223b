/* pager.h - a long result on a terminal is shown through a pager, as git
 * does: only when standard output is a terminal and the result has more
 * lines than the screen; piped output is never touched. */
#ifndef FT_PAGER_H
#define FT_PAGER_H

#include <stddef.h>
#include <stdio.h>

/* 1 when out is a terminal; *rows and *cols get its size (24 x 80 when
 * the terminal does not say, $LINES/$COLUMNS when set). */
int terminal_size(FILE *out, size_t *rows, size_t *cols);

/* The pager command: $FUNDTRACK_PAGER, else $PAGER, else "less"; NULL
 * when it is empty or "cat" (no pager wanted). */
const char *pager_command(void);

/* Writes text (len bytes) to out, through the pager command when text has
 * at least rows lines. The command is split at blanks and started
 * directly (execvp, no shell); LESS defaults to "FRX" as in git (quit if
 * one screen, raw colours, keep the screen). When the pager cannot be
 * started the text goes to out. Returns 0, or -1 when writing failed
 * (a pager the user quit early is no failure). */
int pager_show(const char *text, size_t len, FILE *out, size_t rows,
	       const char *command);

#endif

/* prompt.h - asking a person at a terminal for a missing value. Scripts
 * (stdin not a terminal) are never asked: they get the usage error. */
#ifndef FT_PROMPT_H
#define FT_PROMPT_H

#include <stdio.h>

/* 1 when both in (the answers) and out (the questions) are terminals: a
 * person is there to read and answer. */
int prompt_is_interactive(FILE *in, FILE *out);

/* Writes "label: " to out, reads one line from in and returns it without
 * surrounding blanks (caller frees), or NULL at the end of input. */
char *prompt_ask(FILE *in, FILE *out, const char *label);

#endif

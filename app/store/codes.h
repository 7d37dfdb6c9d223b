/* codes.h - the codes a person may type for a reference (projects,
 * programmes, grants, ...), for prompts and shell completion. */
#ifndef FT_CODES_H
#define FT_CODES_H

#include <stddef.h>

#include "error.h"
#include "store.h"

/* "projects", "programmes", "grants", "funders", "districts", "cities",
 * NULL */
extern const char *const codes_kinds[];

struct code_list {
	char **codes; /* sorted */
	char **names; /* title or name of each, "" when none */
	size_t n;
	size_t codes_cap, names_cap; /* vec.h */
};

/* The own city's codes of kind (cities: every AGS). Release with
 * code_list_release (also after a failure). */
int codes_list(struct store *st, const char *kind, struct code_list *out,
	       struct ft_error *err);
void code_list_release(struct code_list *l);

/* 1 when code is in the list. */
int code_list_has(const struct code_list *l, const char *code);

#endif

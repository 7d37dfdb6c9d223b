/* cmd_figures.h - the tables of a financing plan and of a project's chain,
 * shared by 'fundtrack plan', 'fundtrack chains' and 'fundtrack project
 * show'. */
#ifndef FT_CMD_FIGURES_H
#define FT_CMD_FIGURES_H

#include <stddef.h>

#include "figures.h"
#include "output.h"

enum { PLAN_NSECTIONS = 4 };

/* Builds the plan's sections: summary record ("financing"), grants,
 * levels and years. With with_project = 0 the summary leaves out the
 * project's code and title (when they are printed already). tables[] get
 * the tables (free each with out_table_free); sections[] point to them.
 * Returns 0, or -1 when out of memory (tables are freed then). */
int plan_sections(const struct plan_result *plan, int with_project,
		  struct out_table *tables[PLAN_NSECTIONS],
		  struct out_section sections[PLAN_NSECTIONS]);

/* A table of chain links (chain, position, project, title, start, end,
 * gap to the previous link); with mark_current a last column says which
 * link is the project being shown. NULL when out of memory. */
struct out_table *chain_links_new(int mark_current);

/* Appends the links of c; position is the current link (ignored without
 * mark_current). Returns 0 or -1 when out of memory. */
int chain_links_add(struct out_table *t, const struct chain *c, int mark_current,
		    size_t position);

#endif

/* cmd_correct.h - the correction sub-commands of city, district, funder,
 * programme and grant (issue 15; ledger_fix.h): edit, retire, withdraw.
 * Each group's table in cmd_master.c / cmd_grant.c lists them with the
 * macros below. */
#ifndef FT_CMD_CORRECT_H
#define FT_CMD_CORRECT_H

#include "cli.h"

enum { CITY_EDIT_NOPTS = 3, DISTRICT_EDIT_NOPTS = 3, FUNDER_EDIT_NOPTS = 2,
       WITHDRAW_NOPTS = 1 };
extern const struct arg_opt city_edit_opts[CITY_EDIT_NOPTS];
extern const struct arg_opt district_edit_opts[DISTRICT_EDIT_NOPTS];
extern const struct arg_opt funder_edit_opts[FUNDER_EDIT_NOPTS];
extern const struct arg_opt withdraw_opts[WITHDRAW_NOPTS];
extern const struct arg_pos ags_pos[1], district_pos[1], funder_pos[1], programme_pos[1],
	grant_ref_pos[1];

int city_edit(struct ft_ctx *ctx, int argc, char **argv);
int district_edit(struct ft_ctx *ctx, int argc, char **argv);
int funder_edit(struct ft_ctx *ctx, int argc, char **argv);
int master_retire(struct ft_ctx *ctx, int argc, char **argv);
int grant_withdraw(struct ft_ctx *ctx, int argc, char **argv);

#define RETIRE_COMMAND(pos, what)                                                        \
	{ .name = "retire", .run = master_retire, FT_POS(pos),                          \
	  .summary = "retire a " what ": kept for the history, no longer offered" }

#define CITY_CORRECTIONS                                                                 \
	{ .name = "edit", .run = city_edit, FT_POS(ags_pos), FT_OPTS(city_edit_opts),    \
	  .summary = "correct a city, or make it the own city (--own)" },                \
	RETIRE_COMMAND(ags_pos, "city")
#define DISTRICT_CORRECTIONS                                                             \
	{ .name = "edit", .run = district_edit, FT_POS(district_pos),                    \
	  FT_OPTS(district_edit_opts), .summary = "correct a district" },               \
	RETIRE_COMMAND(district_pos, "district")
#define FUNDER_CORRECTIONS                                                               \
	{ .name = "edit", .run = funder_edit, FT_POS(funder_pos),                        \
	  FT_OPTS(funder_edit_opts), .summary = "correct a funder" },                   \
	RETIRE_COMMAND(funder_pos, "funder")
#define PROGRAMME_CORRECTIONS RETIRE_COMMAND(programme_pos, "programme")
#define GRANT_CORRECTIONS                                                                \
	{ .name = "withdraw", .run = grant_withdraw, FT_POS(grant_ref_pos),              \
	  FT_OPTS(withdraw_opts),                                                        \
	  .summary = "withdraw a grant recorded by mistake (it leaves every total)" }

#endif

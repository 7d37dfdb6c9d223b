/* cli.h - the command table and what every command receives.
 *
 * ft_main() is the whole program minus process start-up, so tests run the
 * CLI in-process with their own output streams. Exit codes: 0 ok,
 * 1 error or invalid data, 2 usage, 3 the data was saved but the output
 * (the confirmation) could not be written: a script must not repeat it.
 */
#ifndef FT_CLI_H
#define FT_CLI_H

#include <stdio.h>

#include "args.h"
#include "error.h"
#include "filter.h"
#include "output.h"
#include "store.h"

enum { EXIT_OK = 0, EXIT_ERROR = 1, EXIT_USAGE = 2, EXIT_SAVED_OUTPUT_FAILED = 3 };

struct ft_ctx {
	const char *db_path;
	enum store_journal journal;
	enum out_format format;
	FILE *out;
	FILE *err;
	struct store *st; /* opened by ctx_open_store, closed by ft_main */
	const char *user; /* --user; NULL: $FUNDTRACK_USER, else the login name */
	FILE *in;         /* answers to prompts (stdin); asked only on a terminal */
	int output_failed; /* set when writing to out failed (ctx_print) */
	int cmd_argc;     /* the command's words without the global options, */
	char **cmd_argv;  /* logged with every write (see audit_chain.h) */
	const struct ft_command *group; /* the running command's group, or NULL */
	const struct ft_command *cmd;   /* the running command (a leaf) */
	const char *output_path;        /* -o FILE: out goes there, or NULL */
	int wide;                       /* --wide: tables at full width */
	int no_pager;                   /* --no-pager */
	struct row_filter filter;       /* --status, --year, --sort ... (filter.h) */
	int output_complete;            /* set by a command whose output is whole
					   though it exits with 1 (a verdict) */
};

typedef int (*ft_command_fn)(struct ft_ctx *ctx, int argc, char **argv);

/* A command, or a group of sub-commands ("city add"), declared in one
 * table: parsing (ctx_parse), --help, the man page's command list
 * (fundtrack help --man) and the bash completion (cmd_complete.c) are all
 * generated from it. */
struct ft_command {
	const char *name;
	ft_command_fn run;           /* argv[0] is the command's own name; NULL
				        for a group */
	const char *summary;         /* one line; NULL hides the command */
	const struct arg_pos *pos;   /* positional arguments */
	size_t npos;
	const struct arg_opt *opts;  /* options, indexed by the command's enum */
	size_t nopts;
	const struct ft_command *subs; /* a group's sub-commands */
	size_t nsubs;
	const char *help;            /* what follows usage and options in --help */
};

#define FT_COUNT(table) (sizeof(table) / sizeof((table)[0]))
#define FT_POS(table) .pos = (table), .npos = FT_COUNT(table)
#define FT_OPTS(table) .opts = (table), .nopts = FT_COUNT(table)
#define FT_SUBS(table) .subs = (table), .nsubs = FT_COUNT(table)

/* The global options (--db, --format, --journal, --user), taken anywhere
 * on the line unless the command declares an option of the same name. */
extern const struct arg_opt ft_global_options[];
extern const size_t ft_nglobal_options;

/* The i-th top-level command (in help order), NULL past the end. */
const struct ft_command *ft_command_at(size_t i);

/* Runs the program; argv[0] is the program name. */
int ft_main(int argc, char **argv, FILE *out, FILE *err);

/* Opens (and migrates) the database named by the context, and tells it
 * who writes with which command (for the audit log). */
int ctx_open_store(struct ft_ctx *ctx, enum store_mode mode);

/* The command as typed, for the audit log: "fundtrack grant edit G-1
 * --note 'zweite Rate'" (global options left out, words quoted where a
 * shell would need it; cut when buf is full). */
void ctx_command_line(const struct ft_ctx *ctx, char *buf, size_t size);

/* Prints "fundtrack: <msg>" to the error stream and returns EXIT_ERROR. */
int ctx_error(struct ft_ctx *ctx, const struct ft_error *err);

/* Prints "fundtrack: <formatted>" and the usage lines of the command
 * running (ctx->cmd); returns EXIT_USAGE. */
int ctx_usage_error(struct ft_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints the help of cmd (a group: with every sub-command) generated from
 * its table; returns EXIT_OK. */
int ctx_help(struct ft_ctx *ctx, const struct ft_command *cmd);

/* Prints sections in the chosen format; returns EXIT_OK or EXIT_ERROR
 * when the output could not be written. */
int ctx_print(struct ft_ctx *ctx, const struct out_section *sections, size_t n);
int ctx_print_table(struct ft_ctx *ctx, const struct out_table *t);

/* Prints a one-line confirmation ("added project 'X'") in table format,
 * translated (msg_lang.h); in csv/json nothing (machines read the
 * listings). */
void ctx_say(struct ft_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "fundtrack: <formatted> [ID]" to the error stream: a message
 * of the command itself (a warning, "out of memory"), translated as
 * ft_fail's are. */
void ctx_note(struct ft_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Parses argv[0..argc) (the words after the command's name) against the
 * running command's table (handling --help); returns -1 after having
 * printed the help or an error (*rc gets the exit code: 0 help, 2 usage,
 * 1 a word outside an enumeration), 0 to go on. */
int ctx_parse(struct ft_ctx *ctx, int argc, char **argv, struct args *out, int *rc);

/* The command named by words ("city" or "city add", leaving out options),
 * or NULL. */
const struct ft_command *ft_command_find(const char *name, const char *sub);

/* The usage lines of cmd (a group: of every sub-command), "usage: ..." and
 * "   or: ...", wrapped at 80 columns. */
void ft_print_usage(FILE *f, const struct ft_command *cmd);

/* "usage: fundtrack [--db PATH] ... COMMAND [ARGS...]" from the table of
 * global options. */
void ft_print_global_usage(FILE *f);

/* The option list of a help text: "  -o, --output FILE   help", the
 * words of an enumeration on the line after. */
void ft_print_options(FILE *f, const struct arg_opt *opts, size_t nopts);

/* The man page's generated part (roff): the global options and every
 * command with its options, from the table. */
void ft_print_man_commands(FILE *f);

/* "fundtrack help --man [FILE]": FILE (the man page's source) with the
 * part between the markers FT_MAN_BEGIN and FT_MAN_END generated anew;
 * without FILE only the generated part. */
int ft_print_man(struct ft_ctx *ctx, const char *file);
#define FT_MAN_BEGIN ".\\\" generated by 'fundtrack help --man': begin"
#define FT_MAN_END ".\\\" generated by 'fundtrack help --man': end"

/* The command groups, each defined in its cmd_*.c. */
extern const struct ft_command cmd_init_entry, cmd_city_entry, cmd_district_entry,
	cmd_funder_entry, cmd_programme_entry, cmd_project_entry, cmd_grant_entry,
	cmd_book_entry, cmd_bookings_entry, cmd_demo_entry, cmd_setting_entry,
	cmd_base_rate_entry;
/* The terms sets of decisions (cmd_terms.c). */
extern const struct ft_command cmd_terms_entry;
/* Figures, checks and deadlines (cmd_budget.c, cmd_plan.c, cmd_check.c,
 * cmd_deadlines.c, cmd_proof.c). */
extern const struct ft_command cmd_budget_entry, cmd_plan_entry, cmd_chains_entry,
	cmd_check_entry, cmd_deadlines_entry, cmd_proof_entry, cmd_rules_entry;
/* Writing a project's financing plan (cmd_finplan.c). */
extern const struct ft_command cmd_plan_line_entry, cmd_plan_cover_entry;
/* The final settlement of a grant (cmd_settle.c). */
extern const struct ft_command cmd_settle_entry;
/* The chain-versus-sustained model (cmd_model.c). */
extern const struct ft_command cmd_model_entry;
/* The PDF reports (cmd_report.c). */
extern const struct ft_command cmd_report_entry;
/* Spreadsheets and the audit trail (cmd_import.c, cmd_audit.c); completion
 * for bash (cmd_complete.c, hidden). */
extern const struct ft_command cmd_import_csv_entry, cmd_template_entry, cmd_audit_entry,
	cmd_complete_entry;
/* The XML exchange between the cities of the network (cmd_exchange.c). */
extern const struct ft_command cmd_export_entry, cmd_validate_entry, cmd_import_entry,
	cmd_cities_entry, cmd_exchange_entry, cmd_db_entry;

#endif

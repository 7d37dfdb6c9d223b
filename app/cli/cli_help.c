/* cli_help.c - what the command table says to people: --help, the usage
 * lines of errors, and the man page's command list, all generated from
 * the tables of the cmd_*.c files so they cannot drift from the parser. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "msg_lang.h"
#include "utf8.h"
#include "vec.h"

enum { WIDTH = 80, HELP_COLUMN = 22 };

/* ---- usage lines --------------------------------------------------------------- */

/* The words of metavariables and positional names that German help says
 * in German, as the German messages do ("braucht SCHLÜSSEL und NAME");
 * REF, ID, AGS, NAME, TEXT, POS, STATUS and FORMAT read the same. */
static const char *const metavar_words[] = {
	N_("AMOUNT"),  N_("ARGS"),    N_("BATCH"),	N_("CODE"),    N_("COLUMNS"),
	N_("COMMAND"), N_("DATE"),    N_("DIR"),	N_("ENCODING"), N_("FIELD"),
	N_("FILE"),    N_("FROM"),    N_("KEY"),	N_("KEYFILE"), N_("KIND"),
	N_("LABEL"),   N_("LANG"),    N_("LEVEL"),	N_("LINES"),   N_("MODE"),
	N_("PATH"),    N_("PCT"),     N_("PROJECT"),	N_("REFERENCE"), N_("RULE"),
	N_("SCOPE"),   N_("SEVERITY"), N_("SOURCE"),	N_("TABLE"),   N_("TITLE"),
	N_("TO"),      N_("TYPE"),    N_("VALUE"),	N_("WHICH"),   N_("YEAR"),
};

static const char *metavar_word(const char *word)
{
	for (size_t i = 0; i < sizeof(metavar_words) / sizeof(metavar_words[0]); i++)
		if (strcmp(metavar_words[i], word) == 0)
			return tr(metavar_words[i]);
	return word;
}

/* A metavariable or positional name as the help shows it: its capital
 * words in the language of the messages, the rest kept ("[REF]",
 * "KEY[,KEY...]", "DIR|FILE", "FILE.pdf"). */
static const char *shown_name(const char *name, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (const char *p = name; *p && used < size;) {
		size_t len = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_");
		char word[32];

		if (len == 0) {
			len = strcspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_");
			used += (size_t)snprintf(buf + used, size - used, "%.*s", (int)len, p);
		} else {
			snprintf(word, sizeof(word), "%.*s", (int)len, p);
			used += (size_t)snprintf(buf + used, size - used, "%s", metavar_word(word));
		}
		p += len;
	}
	return buf;
}

/* Writes text and pads it with spaces to width columns (UTF-8 aware). */
static void print_padded(FILE *f, const char *text, size_t width)
{
	size_t shown = utf8_length(text);

	fprintf(f, "%s%*s", text, shown < width ? (int)(width - shown) : 0, "");
}

/* Writes words to f, wrapping before WIDTH at the indent. */
struct wrap {
	FILE *f;
	size_t col, indent;
};

static void wrap_word(struct wrap *w, const char *word)
{
	size_t len = utf8_length(word);

	if (w->col > w->indent && w->col + 1 + len > WIDTH) {
		fprintf(w->f, "\n%*s", (int)w->indent, "");
		w->col = w->indent;
	} else if (w->col > 0) {
		fputc(' ', w->f);
		w->col++;
	}
	fputs(word, w->f);
	w->col += len;
}

static int visible(const struct arg_opt *o)
{
	return o->name && !(o->flags & ARG_HIDDEN);
}

/* "[--rate PCT]", "--level LEVEL", "[--set KEY=VALUE ...]" */
static void option_word(const struct arg_opt *o, char *buf, size_t size)
{
	int required = (o->flags & ARG_REQUIRED) != 0;
	char short_name[3] = { '-', o->short_name, '\0' }, metavar[64];

	snprintf(buf, size, "%s%s%s%s%s%s", required ? "" : "[",
		 o->short_name ? short_name : o->name, o->metavar ? " " : "",
		 o->metavar ? shown_name(o->metavar, metavar, sizeof(metavar)) : "",
		 (o->flags & ARG_REPEAT) ? " ..." : "", required ? "" : "]");
}

/* 1 when a and b take the same arguments (listed as "a|b" in the usage). */
static int same_arguments(const struct ft_command *a, const struct ft_command *b)
{
	return a->opts == b->opts && a->nopts == b->nopts && a->pos == b->pos &&
	       a->npos == b->npos;
}

/* One usage line: "usage: fundtrack GROUP NAMES POS... [OPTIONS]". */
static void usage_line(FILE *f, const char *lead, const char *group, const char *names,
		       const struct ft_command *cmd)
{
	struct wrap w = { f, 0, 0 };
	char word[160];

	fputs(lead, f);
	w.col = strlen(lead);
	wrap_word(&w, "fundtrack");
	if (group)
		wrap_word(&w, group);
	wrap_word(&w, names);
	w.indent = w.col + 1;
	for (size_t i = 0; i < cmd->npos; i++)
		wrap_word(&w, shown_name(cmd->pos[i].name, word, sizeof(word)));
	for (size_t i = 0; i < cmd->nopts; i++) {
		if (!visible(&cmd->opts[i]))
			continue;
		option_word(&cmd->opts[i], word, sizeof(word));
		wrap_word(&w, word);
	}
	fputc('\n', f);
}

void ft_print_global_usage(FILE *f)
{
	const char *lead = tr("usage:");
	struct wrap w = { f, 0, strlen(lead) + strlen(" fundtrack ") };
	char word[160];

	wrap_word(&w, lead);
	wrap_word(&w, "fundtrack");
	for (size_t i = 0; i < ft_nglobal_options; i++) {
		option_word(&ft_global_options[i], word, sizeof(word));
		wrap_word(&w, word);
	}
	wrap_word(&w, shown_name("COMMAND", word, sizeof(word)));
	wrap_word(&w, shown_name("[ARGS...]", word, sizeof(word)));
	fputc('\n', f);
}

void ft_print_usage(FILE *f, const struct ft_command *cmd)
{
	const struct ft_command *group = NULL;

	/* a sub-command: its group is the one whose table holds it */
	for (size_t i = 0; ft_command_at(i) && !group; i++) {
		const struct ft_command *c = ft_command_at(i);

		if (cmd >= c->subs && cmd < c->subs + c->nsubs)
			group = c;
	}
	if (!cmd->nsubs) {
		usage_line(f, tr("usage:"), group ? group->name : NULL, cmd->name, cmd);
		return;
	}
	for (size_t i = 0; i < cmd->nsubs;) {
		char names[200] = "";
		size_t j = i, used = 0;

		/* sub-commands with the same arguments share a line: "grants|bookings" */
		for (; j < cmd->nsubs && same_arguments(&cmd->subs[i], &cmd->subs[j]); j++)
			used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s",
						 j > i ? "|" : "", cmd->subs[j].name);
		/* German "Aufruf:" and "  oder:" line up as "usage:" and "   or:" do */
		usage_line(f, i ? tr("   or:") : tr("usage:"), cmd->name, names, &cmd->subs[i]);
		i = j;
	}
}

/* ---- option lists -------------------------------------------------------------- */

/* Text with its second and further lines indented to col. */
static void print_indented(FILE *f, const char *text, int col)
{
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\n");

		if (p != text)
			fprintf(f, "%*s", col, "");
		fprintf(f, "%.*s\n", (int)len, p);
		p += len;
		if (*p)
			p++;
	}
}

/* "one of: a, b, c" (codes, or the German words), wrapped at the help
 * column; a word of two ("Nachweis fällig") is never split. label (a
 * positional's name, or NULL) stands in the left column. */
static void print_words(FILE *f, const char *label, const char *lead, const char *const *codes,
			const struct enum_word *words)
{
	struct wrap w = { f, HELP_COLUMN + strlen(lead), HELP_COLUMN + strlen(lead) + 1 };
	char item[96];

	fputs("  ", f);
	print_padded(f, label ? label : "", HELP_COLUMN - 2);
	fputs(lead, f);
	for (size_t i = 0; codes ? codes[i] != NULL : words[i].word != NULL; i++) {
		const char *word = codes ? codes[i] : words[i].word;
		int last = codes ? codes[i + 1] == NULL : words[i + 1].word == NULL;

		snprintf(item, sizeof(item), "%s%s", word, last ? "" : ",");
		wrap_word(&w, item);
	}
	fputc('\n', f);
}

static void print_choices(FILE *f, const char *label, const struct word_enum *choices)
{
	print_words(f, label, tr("one of:"), choices->codes, NULL);
	if (choices->words)
		print_words(f, NULL, tr("German:"), NULL, choices->words);
}

/* The words of positional arguments that are enumerations ("STATUS"). */
static void print_positional_choices(FILE *f, const struct ft_command *cmd, int *first)
{
	for (size_t i = 0; i < cmd->npos; i++) {
		const struct arg_pos *p = &cmd->pos[i];

		if (!p->choices || strchr(p->name, '|')) /* "grants|bookings": said */
			continue;
		if ((*first)++ == 0)
			fputc('\n', f);
		char name[64];

		print_choices(f, shown_name(p->name, name, sizeof(name)), p->choices);
	}
}

static void print_option(FILE *f, const struct arg_opt *o)
{
	char left[128], metavar[64];

	snprintf(left, sizeof(left), "  %s%s%s%s%s", o->short_name ? "-" : "",
		 o->short_name ? (char[]){ o->short_name, ',', ' ', '\0' } : "", o->name,
		 o->metavar ? " " : "",
		 o->metavar ? shown_name(o->metavar, metavar, sizeof(metavar)) : "");
	if (utf8_length(left) >= HELP_COLUMN)
		fprintf(f, "%s\n%*s", left, HELP_COLUMN, "");
	else
		print_padded(f, left, HELP_COLUMN);
	print_indented(f, o->help ? tr(o->help) : "", HELP_COLUMN);
	if (o->choices)
		print_choices(f, NULL, o->choices);
}

void ft_print_options(FILE *f, const struct arg_opt *opts, size_t nopts)
{
	for (size_t i = 0; i < nopts; i++)
		if (visible(&opts[i]))
			print_option(f, &opts[i]);
}

/* 1 when an option of the same name as option opt of sub-command sub
 * came before it in the group cmd (listed once in help and man page). */
static int listed_before(const struct ft_command *cmd, size_t sub, size_t opt)
{
	const char *name = cmd->subs[sub].opts[opt].name;

	for (size_t s = 0; s <= sub; s++)
		for (size_t o = 0; o < cmd->subs[s].nopts && (s < sub || o < opt); o++)
			if (cmd->subs[s].opts[o].name && !strcmp(cmd->subs[s].opts[o].name, name))
				return 1;
	return 0;
}

int ctx_help(struct ft_ctx *ctx, const struct ft_command *cmd)
{
	int first = 0;

	ft_print_usage(ctx->out, cmd);
	print_positional_choices(ctx->out, cmd, &first);
	for (size_t s = 0; s < cmd->nsubs; s++)
		print_positional_choices(ctx->out, &cmd->subs[s], &first);
	if (cmd->nopts)
		fputc('\n', ctx->out);
	ft_print_options(ctx->out, cmd->opts, cmd->nopts);
	for (size_t s = 0, none_yet = 1; s < cmd->nsubs; s++)
		for (size_t o = 0; o < cmd->subs[s].nopts; o++) {
			if (!visible(&cmd->subs[s].opts[o]) || listed_before(cmd, s, o))
				continue;
			if (none_yet)
				fputc('\n', ctx->out);
			none_yet = 0;
			print_option(ctx->out, &cmd->subs[s].opts[o]);
		}
	if (cmd->help)
		fprintf(ctx->out, "\n%s", tr(cmd->help));
	return EXIT_OK;
}

/* ---- the man page -------------------------------------------------------------- */

/* text for roff: '-' as "\-", '\' as "\e", a leading '.' or '\'' guarded */
static void roff(FILE *f, const char *text, size_t len)
{
	for (size_t i = 0; i < len && text[i]; i++) {
		if (i == 0 && (text[0] == '.' || text[0] == '\''))
			fputs("\\&", f);
		if (text[i] == '-')
			fputs("\\-", f);
		else if (text[i] == '\\')
			fputs("\\e", f);
		else
			fputc(text[i], f);
	}
}

static void roff_all(FILE *f, const char *text)
{
	roff(f, text, strlen(text));
}

/* ".TP" + "\fBfundtrack GROUP NAME\fR \fIPOS\fR [\fB\-\-opt\fR \fIV\fR]" */
static void man_synopsis(FILE *f, const char *group, const struct ft_command *cmd)
{
	fputs(".TP\n\\fBfundtrack ", f);
	if (group) {
		roff_all(f, group);
		fputc(' ', f);
	}
	roff_all(f, cmd->name);
	fputs("\\fR", f);
	for (size_t i = 0; i < cmd->npos; i++) {
		fputs(" \\fI", f);
		roff_all(f, cmd->pos[i].name);
		fputs("\\fR", f);
	}
	for (size_t i = 0; i < cmd->nopts; i++) {
		const struct arg_opt *o = &cmd->opts[i];

		if (!visible(o))
			continue;
		fputs(o->flags & ARG_REQUIRED ? " \\fB" : " [\\fB", f);
		roff_all(f, o->name);
		fputs("\\fR", f);
		if (o->metavar) {
			fputs(" \\fI", f);
			roff_all(f, o->metavar);
			fputs("\\fR", f);
		}
		fputs(o->flags & ARG_REPEAT ? " ..." : "", f);
		fputs(o->flags & ARG_REQUIRED ? "" : "]", f);
	}
	fputc('\n', f);
}

/* 1 when the paragraph at p (up to a blank line) is laid out by hand:
 * indented lines, an example. */
static int preformatted(const char *p)
{
	if (strncmp(p, "example:", 8) == 0)
		return 1;
	for (; *p && *p != '\n'; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != '\0'))
		if (*p == ' ')
			return 1;
	return 0;
}

/* Help text as roff: paragraphs filled, those laid out by hand kept as
 * they are (.nf). */
static void man_text(FILE *f, const char *text)
{
	int in_paragraph = 0, kept = 0;

	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\n");

		if (len == 0) {
			fputs(kept ? ".fi\n" : "", f);
			in_paragraph = kept = 0;
		} else {
			if (!in_paragraph) {
				fputs(".PP\n", f);
				kept = preformatted(p);
				fputs(kept ? ".nf\n" : "", f);
			}
			in_paragraph = 1;
			roff(f, p, len);
			fputc('\n', f);
		}
		p += len;
		if (*p)
			p++;
	}
	fputs(kept ? ".fi\n" : "", f);
}

/* Option help: its lines filled into one paragraph. */
static void man_option_text(FILE *f, const char *text)
{
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\n");

		roff(f, p, len);
		fputc('\n', f);
		p += len;
		if (*p)
			p++;
	}
}

/* "one of: a, b (German: A, B)" */
static void man_choices(FILE *f, const struct word_enum *choices)
{
	char words[256];

	word_enum_list(choices, 0, words, sizeof(words));
	fprintf(f, "%s ", tr("one of:"));
	roff_all(f, words);
	word_enum_list(choices, 1, words, sizeof(words));
	if (words[0]) {
		fprintf(f, " (%s ", tr("German:"));
		roff_all(f, words);
		fputc(')', f);
	}
	fputc('\n', f);
}

static void man_options(FILE *f, const struct arg_opt *opts, size_t nopts)
{

	for (size_t i = 0; i < nopts; i++) {
		const struct arg_opt *o = &opts[i];

		if (!visible(o))
			continue;
		fputs(".TP\n.B ", f);
		if (o->short_name)
			fprintf(f, "\\-%c, ", o->short_name);
		roff_all(f, o->name);
		if (o->metavar) {
			fputs(" \\fI", f);
			roff_all(f, o->metavar);
			fputs("\\fR", f);
		}
		fputc('\n', f);
		man_option_text(f, o->help ? tr(o->help) : "");
		if (o->choices) {
			fputs(".br\n", f);
			man_choices(f, o->choices);
		}
	}
}

/* The words of positional arguments that are enumerations ("STATUS"). */
static void man_positional_choices(FILE *f, const struct ft_command *cmd)
{
	for (size_t i = 0; i < cmd->npos; i++) {
		if (!cmd->pos[i].choices || strchr(cmd->pos[i].name, '|'))
			continue;
		fputs(".TP\n.I ", f);
		roff_all(f, cmd->pos[i].name);
		fputc('\n', f);
		man_choices(f, cmd->pos[i].choices);
	}
}

/* One command: its synopsis lines, summary, options and help. */
static void man_command(FILE *f, const struct ft_command *cmd)
{
	const struct ft_command *leaf = cmd->nsubs ? cmd->subs : cmd;
	size_t n = cmd->nsubs ? cmd->nsubs : 1;
	const char *summary = tr(cmd->summary);

	for (size_t i = 0; i < n; i++) {
		fputs(i ? ".PD 0\n" : "", f);
		man_synopsis(f, cmd->nsubs ? cmd->name : NULL, &leaf[i]);
	}
	fputs(n > 1 ? ".PD\n" : "", f);
	/* the summary as a sentence */
	fprintf(f, "%c", summary[0] >= 'a' && summary[0] <= 'z' ? summary[0] - 32 : summary[0]);
	roff_all(f, summary + 1);
	fputs(".\n.RS\n", f);
	man_positional_choices(f, cmd);
	for (size_t s = 0; s < cmd->nsubs; s++)
		man_positional_choices(f, &cmd->subs[s]);
	man_options(f, cmd->opts, cmd->nopts);
	for (size_t s = 0; s < cmd->nsubs; s++)
		for (size_t o = 0; o < cmd->subs[s].nopts; o++)
			if (!listed_before(cmd, s, o))
				man_options(f, &cmd->subs[s].opts[o], 1);
	if (cmd->help)
		man_text(f, tr(cmd->help));
	fputs(".RE\n", f);
}

void ft_print_man_commands(FILE *f)
{
	const struct ft_command *c;

	fputs(FT_MAN_BEGIN "\n.SH GLOBAL OPTIONS\n"
	      "Global options may stand anywhere on the line, as\n.BI \\-\\-db \" PATH\"\nor\n"
	      ".BR \\-\\-db=\\fIPATH\\fR .\n",
	      f);
	man_options(f, ft_global_options, ft_nglobal_options);
	fputs(".SH COMMANDS\n", f);
	for (size_t i = 0; (c = ft_command_at(i)) != NULL; i++)
		if (c->summary)
			man_command(f, c);
	fputs(FT_MAN_END "\n", f);
}

/* The whole of f, or NULL. */
static char *slurp(FILE *f)
{
	char *text = NULL;
	size_t size = 0, cap = 0, n;

	do {
		/* room for 64 KiB more and the terminating NUL */
		if (VEC_RESERVE(text, cap, size + 65536 + 1)) {
			free(text);
			return NULL;
		}
		n = fread(text + size, 1, cap - size - 1, f);
		size += n;
	} while (n > 0);
	text[size] = '\0';
	return text;
}

int ft_print_man(struct ft_ctx *ctx, const char *file)
{
	FILE *f;
	char *text;
	const char *begin, *end;

	if (!file) {
		ft_print_man_commands(ctx->out);
		return EXIT_OK;
	}
	f = fopen(file, "r");
	text = f ? slurp(f) : NULL;
	if (f)
		fclose(f);
	begin = text ? strstr(text, FT_MAN_BEGIN "\n") : NULL;
	end = begin ? strstr(begin, FT_MAN_END "\n") : NULL;
	if (!end) {
		ctx_note(ctx, "cannot read '%s' or it lacks the markers of the "
				  "generated part", file);
		free(text);
		return EXIT_ERROR;
	}
	fwrite(text, 1, (size_t)(begin - text), ctx->out);
	ft_print_man_commands(ctx->out);
	fputs(end + strlen(FT_MAN_END "\n"), ctx->out);
	free(text);
	return EXIT_OK;
}

#include "csv_delivery.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic_file.h"
#include "exchange_write.h"
#include "store.h"
#include "msg_lang.h"

const struct csv_sheet csv_sheets[] = {
	{ CSV_CITY, "stadt.csv", 1 },
	{ CSV_DISTRICTS, "sozialraeume.csv", 0 },
	{ CSV_FUNDERS, "foerdermittelgeber.csv", 0 },
	{ CSV_PROGRAMMES, "programme.csv", 0 },
	{ CSV_PROJECTS, "projekte.csv", 0 },
	{ CSV_GRANTS, "bescheide.csv", 0 },
	{ CSV_ALLOCATIONS, "jahresscheiben.csv", 0 },
	{ CSV_BOOKINGS, "buchungen.csv", 0 },
};
const size_t csv_nsheets = sizeof(csv_sheets) / sizeof(csv_sheets[0]);

static char *join_path(const char *dir, const char *file)
{
	size_t n = strlen(dir) + strlen(file) + 2;
	char *path = malloc(n);

	if (path)
		snprintf(path, n, "%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/",
			 file);
	return path;
}

/* ---- building ----------------------------------------------------------------- */

/* Reads every sheet there is into st; -1 with err at the first sheet with
 * problems (all of its problems are in res) or a missing required one. */
static int read_sheets(struct store *st, const char *dir, struct csv_delivery_result *res,
		       struct ft_error *err)
{
	for (size_t i = 0; i < csv_nsheets; i++) {
		const struct csv_sheet *sh = &csv_sheets[i];
		struct csv_import_options o = { .kind = sh->kind, .encoding = CSV_ENCODING_AUTO };
		char *path = join_path(dir, sh->file);
		int rc;

		if (!path)
			return ft_fail(err, "out of memory");
		if (access(path, F_OK) != 0) {
			rc = sh->required ? ft_fail(err, "'%s' is missing: a delivery needs at least "
							 "the city sheet (see 'fundtrack template "
							 "--all DIR')",
						    path)
					  : 0;
			free(path);
			if (rc)
				return -1;
			continue;
		}
		o.path = path;
		rc = csv_import(st, &o, &res->sheets[sh->kind], err);
		res->read[sh->kind] = 1;
		free(path);
		if (rc)
			return -1;
	}
	return 0;
}

/* Copies the checked file (arg: its path) into the delivery, which
 * atomic_write_file puts in place whole or not at all. */
static int copy_checked(void *arg, FILE *out, struct ft_error *err)
{
	const char *path = arg;
	FILE *in = fopen(path, "rb");
	char buf[8192];
	size_t n;
	int failed;

	if (!in)
		return ft_fail(err, "cannot read '%s': %s", path, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			break;
	failed = ferror(in) || ferror(out);
	fclose(in);
	return failed ? ft_fail(err, "cannot copy '%s'", path) : 0;
}

/* Exports the own city of st to a file beside out_path, checks it like
 * 'validate' (findings named after out_path) and writes it to out_path
 * (atomic_write_file) when it is valid. */
static int write_checked(struct store *st, const char *out_path, const char *generated,
			 struct exch_diags *diags, struct csv_delivery_result *res,
			 struct ft_error *err)
{
	size_t n = strlen(out_path) + 16;
	char *part = malloc(n);
	struct exch_summary summary;
	const char *file = diags->file;
	int rc;

	if (!part)
		return ft_fail(err, "out of memory");
	snprintf(part, n, "%s.checking", out_path);
	if (exchange_export_file(st, NULL, generated, part, &summary, err)) {
		free(part);
		return -1;
	}
	diags->file = out_path;
	rc = exchange_validate(part, diags, NULL, 0, &res->check, err);
	diags->file = file;
	if (rc == 0 && !res->check.valid)
		rc = ft_fail(err,
			     trn("the delivery built from the sheets is not valid (%ld error); "
				 "nothing was written",
				 "the delivery built from the sheets is not valid (%ld errors); "
				 "nothing was written",
				 diags->errors),
			     diags->errors);
	if (rc == 0)
		rc = atomic_write_file(out_path, "delivery", copy_checked, part, err);
	unlink(part);
	free(part);
	return rc;
}

int csv_delivery_build(const char *dir, const char *out_path, const char *generated,
		       struct exch_diags *diags, struct csv_delivery_result *res,
		       struct ft_error *err)
{
	struct store *st = NULL;
	int rc;

	memset(res, 0, sizeof(*res));
	if (atomic_file_check(out_path, "", err))
		return -1;
	/* the schema and the import code of a real database, in memory */
	if (store_open(&st, ":memory:", STORE_CREATE, STORE_JOURNAL_DELETE, err))
		return -1;
	rc = read_sheets(st, dir, res, err);
	if (rc == 0)
		rc = write_checked(st, out_path, generated, diags, res, err);
	store_close(st);
	return rc;
}

void csv_delivery_result_release(struct csv_delivery_result *res)
{
	for (size_t i = 0; i < CSV_KINDS; i++)
		csv_import_result_release(&res->sheets[i]);
}

/* ---- templates -------------------------------------------------------------------- */

static const char readme_text[] =
	"Lieferung an das St\xC3\xA4" "dtenetzwerk aus Tabellen\r\n"
	"==========================================\r\n"
	"\r\n"
	"Diese Tabellen (CSV f\xC3\xBCr Excel: Semikolon, Dezimalkomma, deutsche Datumsangaben)\r\n"
	"ergeben zusammen eine Lieferung im Austauschformat des Netzwerks. Jede Datei\r\n"
	"enth\xC3\xA4lt ein Beispiel der erfundenen Stadt Musterstadt: ersetzen Sie die\r\n"
	"Beispielzeilen durch Ihre eigenen Angaben und lassen Sie die Kopfzeile stehen.\r\n"
	"\r\n"
	"Die Tabellen, in der Reihenfolge, in der sie gelesen werden:\r\n"
	"  stadt.csv               Ihre Stadt: AGS (8 Ziffern), Name, Einwohner (eine Zeile)\r\n"
	"  sozialraeume.csv        Sozialr\xC3\xA4ume: Code, Name, Aktionsraum (ja/nein)\r\n"
	"  foerdermittelgeber.csv  F\xC3\xB6rdermittelgeber: Code, Name, Ebene (EU, Bund, Land,\r\n"
	"                          Kommune)\r\n"
	"  programme.csv           F\xC3\xB6rderprogramme mit ihrem F\xC3\xB6rdermittelgeber\r\n"
	"  projekte.csv            Projekte; ein Vorg\xC3\xA4ngerprojekt steht weiter oben\r\n"
	"  bescheide.csv           Zuwendungsbescheide: Aktenzeichen, Projekt, Programm,\r\n"
	"                          bewilligter Betrag, Bewilligungszeitraum\r\n"
	"  jahresscheiben.csv      die Jahresraten je Bescheid und Haushaltsjahr\r\n"
	"  buchungen.csv           Mittelabrufe, Ausgaben, R\xC3\xBC" "ckzahlungen, Zinsen\r\n"
	"Nur stadt.csv ist Pflicht; eine fehlende Tabelle gilt als leer. Codes und\r\n"
	"Aktenzeichen verbinden die Tabellen: ein Projekt nennt den Code seines\r\n"
	"Sozialraums, ein Bescheid das Projekt und das Programm, eine Buchung das\r\n"
	"Aktenzeichen ihres Bescheids.\r\n"
	"\r\n"
	"Betr\xC3\xA4ge: 1234,56 oder 1.234,56. Datum: 31.12.2025 oder 2025-12-31.\r\n"
	"Speichern als \"CSV UTF-8\" oder \"CSV (Trennzeichen-getrennt)\".\r\n"
	"\r\n"
	"Die Lieferung erzeugen (ohne Datenbank):\r\n"
	"  fundtrack exchange from-csv ORDNER -o lieferung.xml\r\n"
	"Jeder Fehler wird mit Datei und Zeile genannt (z. B. bescheide.csv:3: Betrag: ...);\r\n"
	"die Datei lieferung.xml entsteht nur, wenn alles stimmt. Pr\xC3\xBC" "fen l\xC3\xA4sst sie\r\n"
	"sich jederzeit mit\r\n"
	"  fundtrack validate lieferung.xml\r\n"
	"Die Regeln und ihre Kennungen: fundtrack rules\r\n";

static int write_readme(void *arg, FILE *out, struct ft_error *err)
{
	(void)arg;
	(void)err;
	return fputs(readme_text, out) < 0 ? -1 : 0;
}

static int write_sheet(void *arg, FILE *out, struct ft_error *err)
{
	const struct csv_sheet *sh = arg;
	struct out_table *t;
	int rc;

	if (csv_template(sh->kind, &t, err))
		return -1;
	rc = out_print_table(t, OUT_CSV_DE, out);
	out_table_free(t);
	return rc ? -1 : 0;
}

static int write_new(const char *dir, const char *file, atomic_fill_fn fill, void *arg,
		     struct ft_error *err)
{
	char *path = join_path(dir, file);
	int rc;

	if (!path)
		return ft_fail(err, "out of memory");
	if (access(path, F_OK) == 0)
		rc = ft_fail(err, "'%s' exists already: templates never overwrite a file (choose "
				  "an empty folder)",
			     path);
	else
		rc = atomic_write_file(path, "", fill, arg, err);
	free(path);
	return rc;
}

int csv_templates_write(const char *dir, int *written, struct ft_error *err)
{
	*written = 0;
	for (size_t i = 0; i < csv_nsheets; i++) {
		if (write_new(dir, csv_sheets[i].file, write_sheet, (void *)&csv_sheets[i], err))
			return -1;
		(*written)++;
	}
	if (write_new(dir, "README.txt", write_readme, NULL, err))
		return -1;
	(*written)++;
	return 0;
}

/* exchange_import_internal.h - what the parts of the exchange import
 * share (not for use outside them): the importer's state, its prepared
 * statements, and the functions of each part.
 *
 *   exchange_import.c         the driver: reading and checking the file,
 *                             the transaction, statements and helpers,
 *                             dispatching records, removing what the file
 *                             no longer holds, noting the import
 *   exchange_import_master.c  the city, districts, funders, programmes,
 *                             projects and their chains of predecessors
 *   exchange_import_ledger.c  grants, their allocations and bookings, and
 *                             the batch in which a partner city's new
 *                             projects, grants, allocations, bookings and
 *                             booking sums wait to be written
 *
 * Every function returns 0 (or a count) or -1; on -1 im->failure says
 * why and im->failed (a database failure: the transaction rolls back) or
 * im->refused (the file may not be imported) is set.
 */
#ifndef FT_EXCHANGE_IMPORT_INTERNAL_H
#define FT_EXCHANGE_IMPORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "exchange_import.h"
#include "booking_sums.h"
#include "code_map.h"
#include "exchange_write.h"

enum stmt_id {
	S_CITY_FIND, S_OWN_CITY, S_CITY_INSERT, S_CITY_UPDATE,
	S_DISTRICT_INSERT, S_DISTRICT_UPDATE, S_FUNDER_INSERT, S_FUNDER_UPDATE,
	S_PROGRAMME_INSERT, S_PROGRAMME_UPDATE, S_PROJECT_INSERT, S_PROJECT_UPDATE,
	S_PROJECT_PREDS, S_PROJECT_SET_PRED, S_PROJECT_NEXT_ROW, S_GRANT_INSERT, S_GRANT_UPDATE,
	S_ALLOC_OLD, S_ALLOC_UPDATE, S_ALLOC_DELETE,
	S_GRANT_NEXT_ROW, S_BOOKING_MAX, S_BOOKING_NEXT_ROW, S_BOOKING_FIND, S_BOOKING_OF_SOURCE,
	S_BOOKING_REVERSAL_OF, S_BOOKING_READ, S_BOOKING_DELETE, S_BOOKING_OLD_ROWS,
	S_GRANT_CHILDREN, S_GRANT_DELETE, S_PROJECT_DELETE, S_PROGRAMME_DELETE,
	S_FUNDER_DELETE, S_DISTRICT_DELETE, S_IMPORT_SHA, S_IMPORT_SAVE,
	S_IMPORT_HELD, S_CITY_NAME, S_CITY_BY_NAME, S_INDICATOR_OLD, S_INDICATOR_INSERT,
	S_INDICATOR_UPDATE, S_INDICATOR_DELETE,
	NSTMT
};

/* ---- the importer's state --------------------------------------------------- */

/* A booking deleted before the file reached it (it reversed a booking
 * that changed, or stood in the way of a new reversal): when the file
 * brings it, it is written again and counted by its old content. */
struct displaced {
	int64_t source_id;
	char date[DATE_BUF];
	char kind[16];
	int64_t amount;
	char *reference;
	char *note;
	int64_t reverses; /* source id of the reversed booking, 0 = none */
};

/* The rows of a partner city's new projects and grants wait in a batch
 * and are written with multi-row INSERTs: a statement per row cost more
 * than the row itself (measured: 200,000 single-row booking inserts 5.3 s
 * with the triggers, 3.1 s without; a project's or grant's single-row
 * INSERT also builds an index of every IN list of its CHECKs, 8 % of the
 * writer's time for 100,000 grants, issue 19). The batch runs on across
 * new projects and grants: projects first, then grants, their
 * allocations, bookings and booking sums, so that every foreign key finds
 * its row. The own city's bookings wait only within
 * their grant, so that its audit entries keep the file's order. Each
 * kind waits up to its capacity (*_WAIT) and is written in statements of
 * *_ROWS rows, then *_SMALL, then one by one. */
enum { PROJECT_WAIT = 32, PROJECT_ROWS = 32, PROJECT_SMALL = 8, PROJECT_PARAMS = 12,
       GRANT_WAIT = 32, GRANT_ROWS = 32, GRANT_SMALL = 8, GRANT_PARAMS = 15,
       ALLOC_WAIT = 128, ALLOC_ROWS = 32, ALLOC_SMALL = 8, ALLOC_PARAMS = 3,
       BOOKING_WAIT = 400, BATCH_ROWS = 50, BATCH_SMALL = 10, BOOKING_PARAMS = 10,
       BATCH_ARENA = 256 * 1024 };

/* A new project as it is written (the texts in the batch's arena). */
struct project_row {
	int64_t id, city_id, district, costs, predecessor; /* district, predecessor 0: none */
	int has_costs;
	const char *code, *title, *field, *carrier, *target_group, *start, *end;
};

/* A new grant as it is written (the texts in the batch's arena). */
struct grant_row {
	int64_t id, city_id, project, programme, approved, eligible, rate_bp; /* rate_bp < 0: none */
	int has_eligible;
	const char *ref, *applied, *decided, *start, *end, *financing, *status, *note;
};

struct booking_row {
	int64_t id;       /* row id to use, 0 = the next free one */
	int64_t grant_id;
	int64_t amount;
	int64_t reverses; /* row id of the reversed booking, 0 = none */
	int64_t source;   /* the sender's id, 0 = none */
	const char *date, *kind, *reference, *note;
	const char *grant_ref; /* for messages */
};

struct allocation_row {
	int64_t grant_id;
	int year;
	int64_t amount;
};

/* Statements of a batched table: of *_ROWS rows, of *_SMALL, of one. */
enum { STMT_ROWS, STMT_SMALL, STMT_ONE, ROW_STMTS };

struct ledger_batch {
	struct project_row projects[PROJECT_WAIT];
	struct grant_row grants[GRANT_WAIT];
	struct allocation_row allocations[ALLOC_WAIT];
	struct booking_row bookings[BOOKING_WAIT];
	int nprojects, ngrants, nallocations, nbookings;
	char *arena; /* the rows' text */
	size_t used;
	int64_t next_project, next_grant; /* the row ids for the next new ones while they wait */
	struct db_stmt *project_stmts[ROW_STMTS], *grant_stmts[ROW_STMTS],
		*allocation_stmts[ROW_STMTS], *booking_stmts[ROW_STMTS];
};

struct old_allocation {
	int year;
	int64_t amount;
	int seen;
};

/* A project booking written from the file: its project, row and line. */
struct imp_project_booking {
	int64_t project, row;
	long line;
};

struct importer {
	struct store *st;
	struct db *db;
	struct exch_diags *diags;
	const struct exch_import_options *opts;
	struct exch_change_counts counts[EXCH_RECORD_KINDS];
	struct db_stmt *stmt[NSTMT];
	struct ft_error failure; /* why writing stopped, when it did */
	int failed;              /* a write failed: nothing more is written */
	int refused;             /* the file's city may not be imported: stop reading */
	int bulk;                /* a partner city: rows written in bulk (store_audit_bulk_city) */
	int retired;             /* bulk: the city or a district or programme of it is retired,
				  * so its rows keep the row triggers (imp_guard_rows) */
	int64_t grants_held;     /* bulk: the city's largest grant id before the import (new
				  * grants get larger ones); the sums of those above are added
				  * up as their bookings are written */
	struct booking_sums_grant sums; /* bulk: of the open grant when new */
	int city_new;            /* the city was not in the database before this import */
	/* the rows digest made from the file's records as they were read
	 * (exchange_rows_hash_new), NULL: none; the import job's */
	struct exch_rows_hash *rows_hash;
	char now[32];            /* created_at of imported bookings, imported_at */
	char version[16];
	char generated[40];
	char requires[256];
	char sha256[SHA256_HEX]; /* of the file */
	/* the file's delivery (1.1): owned copies, NULL when absent */
	int has_delivery;
	char cutoff[DATE_BUF];
	int64_t sequence;
	char *software, *contact_name, *contact_email, *contact_phone;
	char *forwarded_ags, *forwarded_name, *forwarded_at;
	char population_date[DATE_BUF];
	/* the delivery held of the city before this one */
	struct held_delivery {
		int exists;
		char version[16], generated[40], cutoff[DATE_BUF], imported_at[40];
		char sha256[SHA256_HEX], rows_sha256[SHA256_HEX];
		int64_t sequence;
		char *file;
	} held;
	int same_delivery; /* the file has the held delivery's number: compare content */
	int forced;
	char delivery_text[400], replaced_text[700];
	struct code_map indicators; /* "YEAR/field" -> participants held */
	int indicators_loaded;
	char ags[16];
	int64_t city_id;
	int city_known;
	struct code_map districts, funders, programmes, projects, grants;
	struct code_entry new_grant; /* the open grant when new: not in grants */
	int chains_done;
	/* the open grant */
	int64_t grant_id;
	char grant_ref[260];
	int grant_new;
	int64_t old_max; /* largest row id among its bookings before the import */
	struct old_allocation *allocs;
	size_t nallocs, allocs_cap;
	int64_t *confirmed; /* old booking rows the file brought unchanged */
	size_t nconfirmed, confirmed_cap;
	struct displaced *displaced;
	size_t ndisplaced, displaced_cap;
	int64_t *doomed; /* old booking rows the file no longer holds */
	size_t ndoomed, doomed_cap;
	struct ledger_batch batch;
	/* the row ids given to the bookings of the open grant when it is new,
	 * by the sender's id as text (id: the row): reversals find their
	 * original here */
	struct code_map rows;
	int64_t next_row;     /* the row id for the next booking of a new grant */
	/* the project bookings of the file (1.1), in file order */
	struct imp_project_booking *pbookings;
	size_t npbookings, pbookings_cap;
	int plan_kept; /* the same file as held: its plans and bookings stay */
};

enum change { ADDED, CHANGED, REMOVED, UNCHANGED };

/* Binds a record's fields from parameter first on; -1 for a reference the
 * file does not resolve. An insert's fields begin at UPSERT_INSERT_FIRST
 * (after the city and the code), an update's at UPSERT_UPDATE_FIRST
 * (after the row id). */
enum { UPSERT_UPDATE_FIRST = 2, UPSERT_INSERT_FIRST = 3 };
typedef int (*bind_fields_fn)(struct importer *im, struct db_stmt *s, int first,
			      const struct exch_record *rec);

/* ---- helpers (exchange_import.c) ------------------------------------------- */

/* Appends value to a growing array of int64; -1 when out of memory. */
int imp_push_id(int64_t **items, size_t *n, size_t *cap, int64_t value);
void imp_count(struct importer *im, enum exch_kind kind, enum change c, long n);
/* The statement, prepared on first use and reused; NULL after a failure. */
struct db_stmt *imp_stmt(struct importer *im, enum stmt_id id);
int imp_fail_db(struct importer *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Steps s to its end (an INSERT, UPDATE or DELETE): the number of rows it
 * changed, or -1 (fmt... says what was being done). */
int imp_run(struct importer *im, struct db_stmt *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void imp_bind_text(struct db_stmt *s, int idx, const char *text);
void imp_bind_id(struct db_stmt *s, int idx, int64_t id);
int imp_refuse(struct importer *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int imp_out_of_memory(struct importer *im);
int imp_unresolved(struct importer *im, const char *what, const char *code);
const char *imp_column_text(struct db_stmt *s, int col);
/* 1 when the import held of the city is this very file (0 no, -1 error). */
int imp_same_file_as_held(struct importer *im);

/* Before each record: the connection's row triggers off for a partner
 * city's ledger rows, on for everything else (exchange_import_ledger.c
 * says why that is safe). */
int imp_guard_rows(struct importer *im, enum exch_kind kind);

/* ---- master data and chains (exchange_import_master.c) -------------------- */

int imp_city(struct importer *im, const struct exch_record *rec);
/* The delivery record (1.1), kept until the city comes. */
int imp_delivery(struct importer *im, const struct exch_record *rec);
/* Identity and order of the delivery, once the city is known (id 0: new). */
int imp_check_delivery(struct importer *im, const struct exch_city *c, int64_t id);
int imp_indicator(struct importer *im, const struct exch_record *rec);
/* Removes the indicators the file no longer holds. */
int imp_finish_indicators(struct importer *im);
/* Describes a delivery: "delivery no. 12 (cut-off 30.11.2026, generated ...)". */
void imp_describe_delivery(char *out, size_t size, const char *version, int64_t sequence,
			   const char *cutoff, const char *generated);
void imp_delivery_release(struct importer *im);
/* After the rows are written: a file with the held delivery's number must
 * bring the same rows (rows_sha256), unless force. */
int imp_check_same_delivery(struct importer *im, const char *rows_sha256);
/* Districts, funders and programmes. */
int imp_master(struct importer *im, const struct exch_record *rec);
int imp_project(struct importer *im, const struct exch_record *rec);
/* Links every project to its predecessor once all projects are written. */
int imp_finish_chains(struct importer *im);
/* A partner city's project new to the database, numbered and batched
 * (exchange_import_ledger.c); ADDED or -1, *entry its map entry. */
int imp_batch_project(struct importer *im, const struct exch_record *rec,
		      struct code_entry **entry);
/* Writes a record found by its code (see the definition); ADDED, CHANGED,
 * UNCHANGED or -1, *entry its map entry. */
int imp_upsert(struct importer *im, struct code_map *m, enum exch_kind kind, const char *code,
	       enum stmt_id insert, enum stmt_id update, bind_fields_fn bind,
	       const struct exch_record *rec, struct code_entry **entry);
/* Notes a record just added as row id: its entry in m (*entry) seen, the
 * addition counted; ADDED or -1. */
int imp_added(struct importer *im, struct code_map *m, enum exch_kind kind, const char *code,
	      int64_t id, struct code_entry **entry);

/* ---- financing plans and project bookings (exchange_import_plan.c) ------- */

/* Removes the city's cost lines, means of cover and project bookings with
 * their shares (the file brings them anew). */
int imp_plan_clear(struct importer *im);
int imp_plan_line(struct importer *im, const struct exch_record *rec);
int imp_cover(struct importer *im, const struct exch_record *rec);
int imp_project_booking(struct importer *im, const struct exch_record *rec);
/* Splits the project bookings written to the grants (finplan_allocate). */
int imp_plan_finish(struct importer *im);

/* ---- grants, allocations and bookings (exchange_import_ledger.c) ---------- */

int imp_open_grant(struct importer *im, const struct exch_record *rec);
int imp_allocation(struct importer *im, const struct exch_record *rec);
int imp_booking(struct importer *im, const struct exch_record *rec);
/* Writes the grants, allocations, bookings and booking sums still
 * waiting in the batch. */
int imp_flush_batch(struct importer *im);
/* Whether a record of this kind may leave the batch waiting (a partner
 * city's projects, grants, allocations and bookings: nothing of theirs
 * reads it). */
int imp_may_keep_batch(const struct importer *im, enum exch_kind kind);
int imp_close_grant(struct importer *im);
/* Removes a grant the file no longer holds, counting its children. */
int imp_remove_grant(struct importer *im, const struct code_entry *e);
void imp_ledger_release(struct importer *im);

#endif

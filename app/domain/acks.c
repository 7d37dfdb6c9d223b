#include "acks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "text.h"
#include "vec.h"

void ack_fingerprint(const struct check_finding *f, char buf[ACK_FINGERPRINT_MAX])
{
	int used = 0;

	buf[0] = '\0';
	if (f->has_amount)
		used = snprintf(buf, ACK_FINGERPRINT_MAX, "amount=%lld", (long long)f->amount);
	if (f->date[0])
		used += snprintf(buf + used, ACK_FINGERPRINT_MAX - (size_t)used, "%sdate=%s",
				 used ? ";" : "", f->date);
	/* Without amount and date the message carries the figures; its day
	 * counts do not grow for such findings (allocation years, a suggested
	 * status with its reason). */
	if (!used)
		snprintf(buf, ACK_FINGERPRINT_MAX, "message=%s", f->message);
}

static char *dup_column(struct db_stmt *stmt, int col, int *oom)
{
	const unsigned char *text = db_column_text(stmt, col);
	char *copy = strdup(text ? (const char *)text : "");

	if (!copy)
		*oom = 1;
	return copy;
}

static int load_acks(struct store *st, struct check_result *r, struct ft_error *err)
{
	struct db_stmt *stmt;
	size_t cap = 0;
	int rc = DB_DONE, oom = 0;

	if (store_prepare(st,
			  "SELECT key, rule, fingerprint, reason, acked_on FROM check_ack "
			  "ORDER BY key",
			  &stmt, err))
		return -1;
	while (!oom && (rc = db_step(stmt)) == DB_ROW) {
		struct check_ack *a = VEC_PUSH(r->acks, r->nacks, cap);

		if (!a) {
			oom = 1;
			break;
		}
		memset(a, 0, sizeof(*a));
		a->key = dup_column(stmt, 0, &oom);
		a->rule = dup_column(stmt, 1, &oom);
		a->fingerprint = dup_column(stmt, 2, &oom);
		a->reason = dup_column(stmt, 3, &oom);
		snprintf(a->acked_on, sizeof(a->acked_on), "%s",
			 (const char *)db_column_text(stmt, 4));
	}
	db_finalize(stmt);
	if (oom)
		return ft_fail(err, "out of memory");
	if (rc != DB_DONE)
		return store_fail(st, err, "cannot read the acknowledged findings");
	return 0;
}

static int compare_ack_key(const void *key, const void *elem)
{
	return strcmp(key, ((const struct check_ack *)elem)->key);
}

const struct check_ack *acks_find(const struct check_result *r, const char *key)
{
	if (!r->nacks)
		return NULL;
	return bsearch(key, r->acks, r->nacks, sizeof(r->acks[0]), compare_ack_key);
}

const struct check_finding *acks_finding(const struct check_result *r, const char *key)
{
	for (size_t i = 0; i < r->nfindings; i++)
		if (strcmp(r->findings[i].key, key) == 0)
			return &r->findings[i];
	return NULL;
}

static void uncount(struct check_result *r, enum check_severity severity)
{
	size_t *count = severity == CHECK_ERROR	  ? &r->nerrors
			: severity == CHECK_WARNING ? &r->nwarnings
						    : &r->ninfos;
	(*count)--;
	r->nacked++;
}

int acks_apply(struct store *st, struct check_result *r, struct ft_error *err)
{
	if (load_acks(st, r, err))
		return -1;
	for (size_t i = 0; i < r->nfindings; i++) {
		struct check_finding *f = &r->findings[i];
		const struct check_ack *a = acks_find(r, f->key);
		char print[ACK_FINGERPRINT_MAX];

		if (!a)
			continue;
		ack_fingerprint(f, print);
		f->ack_reason = a->reason;
		f->ack = strcmp(print, a->fingerprint) == 0 ? CHECK_ACKED : CHECK_ACK_LAPSED;
		if (f->ack == CHECK_ACKED)
			uncount(r, f->rule->severity);
	}
	return 0;
}

void acks_release(struct check_ack *acks, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(acks[i].key);
		free(acks[i].rule);
		free(acks[i].fingerprint);
		free(acks[i].reason);
	}
	free(acks);
}

struct ack_job {
	const struct check_finding *f;
	const char *reason, *on;
	char print[ACK_FINGERPRINT_MAX];
};

static int write_ack(struct store *st, void *arg, struct ft_error *err)
{
	struct ack_job *job = arg;
	struct db_stmt *stmt;
	int rc;

	if (store_prepare(st, "SELECT 1 FROM check_ack WHERE key = ?1", &stmt, err))
		return -1;
	store_bind_text(stmt, 1, job->f->key);
	rc = db_step(stmt);
	db_finalize(stmt);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_fail(st, err, "cannot read the acknowledged findings");
	/* An UPDATE (not an upsert) so the audit trail shows old and new. */
	if (rc == DB_ROW)
		return store_run(st,
				 "UPDATE check_ack SET rule = ?2, fingerprint = ?3, reason = ?4,"
				 " acked_on = ?5 WHERE key = ?1",
				 "cannot acknowledge the finding", err, "ttttt", job->f->key,
				 job->f->rule->id, job->print, job->reason, job->on);
	return store_run(st,
			 "INSERT INTO check_ack (key, rule, fingerprint, reason, acked_on) "
			 "VALUES (?1, ?2, ?3, ?4, ?5)",
			 "cannot acknowledge the finding", err, "ttttt", job->f->key,
			 job->f->rule->id, job->print, job->reason, job->on);
}

int ack_add(struct store *st, const struct check_result *r, const char *key,
	    const char *reason, const char *on, struct ft_error *err)
{
	struct ack_job job = { NULL, reason, on, "" };
	char why[TEXT_PROBLEM_MAX];
	const char *problem;

	if (!reason || strspn(reason, " \t\r\n") == strlen(reason))
		return ft_fail(err, "an acknowledgement needs a reason (--reason TEXT)");
	if ((problem = text_problem(reason, TEXT_NAME, why)) != NULL)
		return ft_fail(err, "--reason %s", problem);
	if (!(job.f = acks_finding(r, key)))
		return ft_fail(err, "'%s' is not a current finding (see 'fundtrack check --all'): "
				    "only a current finding can be acknowledged", key);
	ack_fingerprint(job.f, job.print);
	return store_write(st, write_ack, &job, err);
}

static int delete_ack(struct store *st, void *arg, struct ft_error *err)
{
	const char *key = arg;

	if (store_run(st, "DELETE FROM check_ack WHERE key = ?1",
		      "cannot withdraw the acknowledgement", err, "t", key))
		return -1;
	if (db_changes(store_db(st)) == 0)
		return ft_fail(err, "no acknowledgement of '%s' (see 'fundtrack check ack --list')",
			       key);
	return 0;
}

int ack_remove(struct store *st, const char *key, struct ft_error *err)
{
	return store_write(st, delete_ack, (void *)key, err);
}

/* libFuzzer harness: the scenario-file parser (model_setup_load_file) on
 * any bytes. Properties checked: no crash or sanitizer report; a file
 * that is refused changes nothing; an accepted setup passes
 * model_params_check. Seeds: tests/data/model/ (see tests/fuzz/corpus/model). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model_params.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct model_setup s, before;
	struct ft_error err;
	FILE *f;

	if (!path[0])
		snprintf(path, sizeof path, "/tmp/fuzz_model_params_%ld.txt", (long)getpid());
	f = fopen(path, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	if (fclose(f) != 0)
		abort();
	model_setup_init(&s);
	before = s;
	if (model_setup_load_file(&s, path, &err) == 0) {
		if (model_params_check(&s.p, &err) != 0)
			abort();
	} else if (memcmp(&s, &before, sizeof s) != 0) {
		abort(); /* "applies nothing unless the whole file is valid" */
	}
	return 0;
}

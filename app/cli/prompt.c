#include "prompt.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int prompt_is_interactive(FILE *in, FILE *out)
{
	return in && out && isatty(fileno(in)) && isatty(fileno(out));
}

char *prompt_ask(FILE *in, FILE *out, const char *label)
{
	char *line = NULL, *start;
	size_t cap = 0, len;
	ssize_t n;

	fprintf(out, "%s: ", label);
	fflush(out);
	n = getline(&line, &cap, in);
	if (n < 0) {
		free(line);
		fputc('\n', out);
		return NULL;
	}
	start = line + strspn(line, " \t");
	len = strlen(start);
	while (len > 0 && strchr(" \t\r\n", start[len - 1]))
		start[--len] = '\0';
	memmove(line, start, len + 1);
	return line;
}

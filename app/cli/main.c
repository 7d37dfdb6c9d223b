/* fundtrack - grant ledger for municipal social-work funding. */
#include <stdio.h>

#include "cli.h"

int main(int argc, char **argv)
{
	return ft_main(argc, argv, stdout, stderr);
}

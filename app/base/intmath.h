/* intmath.h - exact integer arithmetic for money times rates times days.
 *
 * Interest is cents × basis points × days / (10.000 × 365): the product
 * leaves int64 long before the result does, so it is formed in 128 bits
 * (a GCC/Clang extension on 64-bit targets) and rounded once. */
#ifndef FT_INTMATH_H
#define FT_INTMATH_H

__extension__ typedef __int128 ft_i128;

/* n / d rounded half away from zero (kaufmännisch); d > 0. */
static inline ft_i128 ft_div_round(ft_i128 n, ft_i128 d)
{
	ft_i128 q = n / d, r = n % d;

	if (r < 0)
		r = -r;
	if (2 * r >= d)
		q += n < 0 ? -1 : 1;
	return q;
}

#endif

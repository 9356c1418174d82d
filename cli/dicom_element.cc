/*
 * radioembo(1): the values of DICOM data elements, read through DCMTK, and the
 * failure convention of the DICOM files (dicom_internal.hh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmath>
#include <string>

#include "dicom_internal.hh"

namespace dicom
{

[[noreturn]] void refuse(const std::string &message)
{
	throw Failure{ CLI_EXIT_USAGE, message };
}

std::string format(const char *fmt, ...)
{
	char buffer[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buffer, sizeof buffer, fmt, ap);
	va_end(ap);
	return buffer;
}

std::string text(DcmItem *item, const DcmTagKey &key)
{
	OFString value;

	if (item == nullptr || item->findAndGetOFStringArray(key, value).bad())
		return "";
	std::string s = value.c_str();
	while (!s.empty() && (s.back() == ' ' || s.back() == '\0'))
		s.pop_back();
	return s;
}

/* n finite numbers of key (DS, FD, US, ...), or false. */
bool numbers(DcmItem *item, const DcmTagKey &key, size_t n, double *out)
{
	for (size_t i = 0; i < n; i++) {
		Float64 v;
		if (item == nullptr || item->findAndGetFloat64(key, v, (unsigned long)i).bad() ||
		    !std::isfinite(v))
			return false;
		out[i] = v;
	}
	return true;
}

double number_or(DcmItem *item, const DcmTagKey &key, double fallback)
{
	double v;
	return numbers(item, key, 1, &v) ? v : fallback;
}

long integer(DcmItem *item, const DcmTagKey &key, long fallback)
{
	Sint32 s;
	Uint16 u;

	if (item != nullptr && item->findAndGetUint16(key, u).good())
		return u;
	if (item != nullptr && item->findAndGetSint32(key, s).good())
		return s;
	OFString value;
	if (item != nullptr && item->findAndGetOFString(key, value).good() && !value.empty())
		return atol(value.c_str());
	return fallback;
}

DcmItem *first_item(DcmItem *item, const DcmTagKey &sequence)
{
	DcmItem *found = nullptr;

	if (item == nullptr || item->findAndGetSequenceItem(sequence, found, 0).bad())
		return nullptr;
	return found;
}

void copy(char *to, size_t size, const std::string &from)
{
	snprintf(to, size, "%s", from.c_str());
}

} // namespace dicom

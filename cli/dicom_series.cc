/*
 * radioembo(1): the files of a DICOM series: a file, or a directory holding the files
 * of one series (several series are listed and refused).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dicom_internal.hh"

namespace dicom
{

namespace
{

/* At most this many files in a series directory: a bound on work before any check. */
const size_t MAX_FILES = 20000;

File load(const std::string &path, const std::string &where)
{
	File f{ path, std::unique_ptr<DcmFileFormat>(new DcmFileFormat()) };
	OFCondition c = f.format->loadFile(path.c_str());

	if (c.bad())
		refuse(format("%s: not a readable DICOM file (%s)", where.c_str(), c.text()));
	decode(f, where);
	return f;
}

} // namespace

bool has_preamble(const char *path)
{
	char magic[4];
	FILE *fp = fopen(path, "rb");
	bool yes = fp != nullptr && fseek(fp, 128, SEEK_SET) == 0 && fread(magic, 1, 4, fp) == 4 &&
		   memcmp(magic, "DICM", 4) == 0;

	if (fp != nullptr)
		fclose(fp);
	return yes;
}

/* The files at path: itself, or the DICOM files of a directory (one level, sorted). */
std::vector<File> load_all(const std::string &path, const std::string &where)
{
	std::vector<File> files;
	struct stat st;

	if (stat(path.c_str(), &st) != 0)
		refuse(format("%s: cannot open: %s", where.c_str(), strerror(errno)));
	if (!S_ISDIR(st.st_mode)) {
		files.push_back(load(path, where));
		return files;
	}
	DIR *dir = opendir(path.c_str());
	if (dir == nullptr)
		refuse(format("%s: cannot open the directory: %s", where.c_str(), strerror(errno)));
	std::vector<std::string> names;
	for (struct dirent *e; (e = readdir(dir)) != nullptr;) {
		std::string name = e->d_name, full = path + "/" + name;
		if (name[0] == '.' || name == "DICOMDIR" || stat(full.c_str(), &st) != 0 ||
		    !S_ISREG(st.st_mode) || !has_preamble(full.c_str()))
			continue;
		names.push_back(full);
		if (names.size() > MAX_FILES) {
			closedir(dir);
			refuse(format("%s: more than %zu DICOM files", where.c_str(), MAX_FILES));
		}
	}
	closedir(dir);
	std::sort(names.begin(), names.end());
	if (names.empty())
		refuse(format("%s: no DICOM file (with the DICM preamble) in the directory",
			      where.c_str()));
	for (const std::string &n : names)
		files.push_back(load(n, where + " (" + n + ")"));
	/* one series: several are listed, and the user picks one */
	std::map<std::string, std::vector<const File *>> series;
	for (const File &f : files)
		series[text(f.dataset(), DCM_SeriesInstanceUID)].push_back(&f);
	if (series.size() > 1) {
		std::string list;
		for (auto &s : series)
			list += format("%s%s %s \"%s\" (%zu files)", list.empty() ? "" : "; ",
				       text(s.second[0]->dataset(), DCM_Modality).c_str(),
				       s.first.c_str(),
				       text(s.second[0]->dataset(), DCM_SeriesDescription).c_str(),
				       s.second.size());
		refuse(format("%s: %zu series in the directory, give a directory holding one: %s",
			      where.c_str(), series.size(), list.c_str()));
	}
	return files;
}

} // namespace dicom

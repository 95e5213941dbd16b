// libmaxminddb (Debian: libmaxminddb-dev), the MaxMind DB reader used for optional AS
// number enrichment at ingest. Only the header is wrapped; Collectors/ASNDatabase.swift
// is the single Swift file that calls it.
#ifndef NETSIGHT_CMAXMINDDB_SHIM_H
#define NETSIGHT_CMAXMINDDB_SHIM_H
#include <maxminddb.h>
#endif

// Headers on every answer: it carries patient data (never kept by a cache), and it is JSON
// (never sniffed as anything else). The pipeline puts them in every answer's headers before
// anything answers; a route may still override them (the API reference's static assets are
// cacheable).
export const HARDENING_HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
} as const;

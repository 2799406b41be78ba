-- A council's own report settings (breakdown level, bands, reporting periods, KPI targets,
-- suppression…), validated by src/reports/reportSettings.ts; empty = Redress's defaults.
ALTER TABLE council ADD COLUMN report_settings jsonb NOT NULL DEFAULT '{}';

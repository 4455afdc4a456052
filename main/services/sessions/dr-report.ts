import { toCsv } from '../../../common/csv';
import type { DrReport } from '../../../common/sessions';

const seconds = (ms: number | undefined): string => (ms === undefined ? '' : (ms / 1000).toFixed(1));

/** The report as the auditors get it: one line per machine. */
export function drReportCsv(report: DrReport): string {
  return toCsv(
    [
      'machine',
      'backup',
      'session',
      'outcome',
      'seconds to available',
      'seconds to first console frame',
      'screenshot',
      'torn down',
      'error',
    ],
    report.machines.map((m) => [
      m.name,
      m.backupId,
      m.sessionName,
      m.outcome,
      seconds(m.availableMs),
      seconds(m.firstFrameMs),
      m.screenshot ?? '',
      m.tornDown ? 'yes' : 'no',
      m.error ?? '',
    ]),
  );
}

export function drReportFile(report: DrReport, format: 'csv' | 'json'): { fileName: string; text: string } {
  const stamp = report.startedAt.replaceAll(':', '-').slice(0, 19);
  return {
    fileName: `dr-test-${stamp}.${format}`,
    text: format === 'csv' ? drReportCsv(report) : `${JSON.stringify(report, null, 2)}\n`,
  };
}

/** One sentence for the audit log and the notice. */
export function drSummary(report: DrReport): string {
  const ok = report.machines.filter((m) => m.outcome === 'recovered');
  const failed = report.machines.filter((m) => m.outcome === 'failed');
  const left = report.machines.filter((m) => !m.tornDown);
  const parts = [`${ok.length} of ${report.machines.length} recovered`];
  if (failed.length)
    parts.push(`failed: ${failed.map((m) => `${m.name} (${m.error ?? 'no reason given'})`).join('; ')}`);
  parts.push(
    left.length ? `NOT torn down: ${left.map((m) => m.sessionName).join(', ')}` : 'every session torn down',
  );
  return `DR test ${report.state}: ${parts.join('; ')}.`;
}

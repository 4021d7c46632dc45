/**
 * Follow-up reports for analysts, allocators and admins: aggregates only, small cells
 * suppressed, as JSON or as CSV for a spreadsheet. Definitions: docs/follow-up.md.
 */
import { z } from 'zod'
import { reportChart } from '../../../domain/follow-up/charts.ts'
import {
  followUpReport,
  reportCsv,
  reportNameSchema,
  reportQuerySchema,
} from '../../../services/follow-up/reports.ts'
import { reportView } from '../../views/report.ts'
import { type AnyRoute, json, orProblem, route } from './define.ts'

const params = z.strictObject({ name: reportNameSchema })
const periodRule = '`from` must not be after `to` (which is today when not given).'
const roles = ['admin', 'allocator', 'analyst'] as const
const description =
  'Reports: `map` (households and persons per situation on `to`), `flows`, `time-to-housing`, `declines`, ' +
  '`vacancy-days`, `districts`, `housing-first-retention` (on `to`) and `equality`. The period is `from`–`to`, both ' +
  'days included (default: the twelve months up to today); `caseload` narrows the households to one caseload. ' +
  'Counts from 1 to 4 are "<5" (with a second cell hidden where a total would reveal one), and medians and shares ' +
  'over fewer than five households are null.'

export const reportRoutes: AnyRoute[] = [
  route({
    operationId: 'getReport',
    method: 'GET',
    path: '/v1/reports/:name',
    tag: 'reports',
    summary: 'A follow-up report (aggregates only)',
    description,
    roles,
    audit: 'none (no record is read)',
    rules: [periodRule],
    params,
    query: reportQuerySchema,
    responses: { 200: { description: 'The report', schema: reportView } },
    example: { params: { name: 'flows' }, query: { from: '2026-01-01', to: '2026-06-30' } },
    handle: ({ c, ctx, params, query }) =>
      json(c, 200, orProblem(followUpReport({ ctx, input: { name: params.name, ...query } }))),
  }),
  route({
    operationId: 'getReportCsv',
    method: 'GET',
    path: '/v1/reports/:name/csv',
    tag: 'reports',
    summary: 'A follow-up report as CSV',
    description: `${description} CSV for a spreadsheet set to Swedish: UTF-8 with a byte order mark, \`;\` between fields, a decimal comma, one header line per table (first field \`tabell\`); text that would start a formula is prefixed with an apostrophe.`,
    roles,
    audit: 'none (no record is read)',
    rules: [periodRule],
    params,
    query: reportQuerySchema,
    responses: {
      200: { description: 'The report as CSV', schema: z.string(), mediaType: 'text/csv; charset=utf-8' },
    },
    example: { params: { name: 'declines' } },
    handle: ({ c, ctx, params, query }) => {
      const report = orProblem(followUpReport({ ctx, input: { name: params.name, ...query } }))
      return c.body(reportCsv(report), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="hemvist-${report.name}.csv"`,
      })
    },
  }),
  route({
    operationId: 'getReportChart',
    method: 'GET',
    path: '/v1/reports/:name/chart',
    tag: 'reports',
    summary: 'A follow-up report as a chart (SVG)',
    description: `${description} The chart is drawn from the same rows (a hidden count is no bar, its "<5" or ".." written instead), as an accessible SVG image with a title and a description listing every value.`,
    roles,
    audit: 'none (no record is read)',
    rules: [periodRule],
    params,
    query: reportQuerySchema,
    responses: { 200: { description: 'The chart', schema: z.string(), mediaType: 'image/svg+xml' } },
    example: { params: { name: 'equality' } },
    handle: ({ c, ctx, params, query }) => {
      const report = orProblem(followUpReport({ ctx, input: { name: params.name, ...query } }))
      return c.body(reportChart(report), 200, { 'Content-Type': 'image/svg+xml' })
    },
  }),
]

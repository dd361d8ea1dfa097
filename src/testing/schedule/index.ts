/** Schedules of test plans: the cron subset, the stored record and its pure steps. */
export { nextRun, type ParsedSchedule, parseSchedule, type Schedule } from './cron';
export { SCHEDULE_INVALID, SCHEDULE_LIMIT, SCHEDULE_UNKNOWN } from './errors';
export { afterRun, dueSchedules, earliestRun, MAX_SCHEDULES, newSchedule, publicView, type ScheduleRecord, type ScheduleRequest, scheduleRequestSchema, type ScheduleView } from './model';
export { createScheduleClient, type EngineFetch, type EngineResult, type ScheduleClient, type ScheduleDetail } from './client';

// A session whose client reports being idle this long is shown as idle on the live views (rule
// 25), also on pools without an idle timeout. No dependencies: client components read it too.
export const IDLE_NOTICE_MINUTES = 5;
export const IDLE_NOTICE_SECONDS = IDLE_NOTICE_MINUTES * 60;

// How a period is compared: with the one before, or with the same period a year before.
export type CompareMode = 'previous' | 'yoy';

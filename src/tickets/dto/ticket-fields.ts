/** Trims strings so "   " counts as empty (SPEC §3: title and description are trimmed). */
export { Trimmed } from '../../common/http/trimmed';

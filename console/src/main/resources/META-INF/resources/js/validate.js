// The same format rules intake enforces, checked as the user types; intake's answer stays the authority.
import { todayInChina } from './format.js';
import { province } from './config.js';

// The deployment's province (GET /config.json): its code starts every division code. Should the console not answer,
// any province's shape: the services check the province all the same.
export const PROVINCE = await province();
const PREFIX = PROVINCE ? PROVINCE.code : '[1-9][0-9]';

export const PHONE = /^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$/;
/** A county (6 digits) or a township (9) of the province. */
export const LOCATION = new RegExp(`^${PREFIX}[0-9]{4}([0-9]{3})?$`);
/** A township (9 digits) of the province. */
export const TOWNSHIP = new RegExp(`^${PREFIX}[0-9]{7}$`);
/** The province or a division in it (2 to 9 digits), as a jurisdiction. */
export const DIVISION = new RegExp(`^${PREFIX}[0-9]{0,7}$`);
export const TRACKING = /^XF[0-9]{14}([0-9]{3})?$/;
// 13 characters on today's receipts (64 bits), 8 on older ones: as intake accepts them
export const QUERY_CODE = /^[A-Za-z0-9]{8}([A-Za-z0-9]{4,24})?$/;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

/** GB 11643: 17 digits, a birth date, and the ISO 7064 MOD 11-2 check character. */
export function residentIdProblem(v) {
  if (!/^[0-9]{17}[0-9Xx]$/.test(v)) return '身份证号应为18位，最后一位可为X';
  const y = +v.slice(6, 10), m = +v.slice(10, 12), d = +v.slice(12, 14);
  const birth = new Date(Date.UTC(y, m - 1, d));
  // born "in the future" by China's date, as intake checks it (not by the browser's zone)
  const born = `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`;
  if (birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || y < 1900 || born > todayInChina()) {
    return '身份证号中的出生日期无效';
  }
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((s, w, i) => s + w * +v[i], 0);
  const check = '10X98765432'[sum % 11];
  return v[17].toUpperCase() === check ? null : '身份证号校验位不正确，请核对';
}

export const rules = {
  required: (v) => (v.trim() ? null : '必填'),
  max: (n) => (v) => (v.length <= n ? null : `最多 ${n} 个字`),
  phone: (v) => (!v || PHONE.test(v) ? null : '请填写11位手机号或带区号的固定电话'),
  residentId: (v) => (!v ? null : residentIdProblem(v)),
  location: (v) => (!v || LOCATION.test(v) ? null : '请选择县（区）或填写9位乡镇代码'),
  tracking: (v) => (!v || TRACKING.test(v) ? null : '信访件编号形如 XF20261126000001'),
  queryCode: (v) => (!v || QUERY_CODE.test(v) ? null : '查询码为回执上的13位字母或数字（旧回执为8位）'),
  plain: (v) => (CONTROL.test(v) ? '含有不可见的控制字符' : null),
  intRange: (lo, hi) => (v) => (!v || (/^[0-9]+$/.test(v) && +v >= lo && +v <= hi) ? null : `请填写 ${lo}–${hi} 的整数`),
  email: (v) => (!v || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v) ? null : '邮箱格式不正确'),
};

/**
 * Wires a field: checks on input and blur, shows the message under it (aria-describedby), and returns
 * a function that checks it now. The error element is created next to the input if missing.
 */
export function field(input, ...checks) {
  let error = document.getElementById(`${input.id}-error`);
  if (!error) {
    error = document.createElement('div');
    error.id = `${input.id}-error`;
    error.className = 'error';
    error.setAttribute('aria-live', 'polite');
    input.insertAdjacentElement('afterend', error);
  }
  input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), error.id].filter(Boolean).join(' '));
  const check = () => {
    if (input.closest('.hidden') || input.disabled) { error.textContent = ''; input.removeAttribute('aria-invalid'); return true; }
    const value = input.value ?? '';
    const message = checks.map(c => c(value)).find(Boolean);
    error.textContent = message || '';
    if (message) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
    return !message;
  };
  input.addEventListener('input', check);
  input.addEventListener('blur', check);
  return check;
}

export function checkAll(checks) {
  const results = checks.map(c => c());
  const first = document.querySelector('[aria-invalid="true"]');
  if (first) first.focus();
  return results.every(Boolean);
}

// The part of a person form that 进场预登记 and 携带家属登记 share: 身份证号, 姓名, 出发地,
// 手机号 and 获取健康云信息, whose answer counts only for the number and name it was asked for.
import { computed, reactive, ref, watch } from 'vue';
import { api } from './api/client';
import { parseIdNumber, mobilePhoneError } from '../../electron/common/idnumber';
import type { HealthCloudLookup } from '../../electron/common/contract';
import type { useFieldErrors } from './forms';

export function usePersonEntry(fieldErrors: ReturnType<typeof useFieldErrors>) {
  const form = reactive({ idNumber: '', name: '', phone: '', origin: { provinceCode: '', cityCode: '' } });
  const lookup = ref<HealthCloudLookup | null>(null);
  const looking = ref(false);

  // A changed number or name makes an earlier answer someone else's.
  watch(() => [form.idNumber, form.name], () => {
    lookup.value = null;
  });

  function checkIdNumber(): boolean {
    const parsed = parseIdNumber(form.idNumber);
    if (!parsed.ok) fieldErrors.errors.idNumber = parsed.error.message;
    return parsed.ok;
  }

  async function fetchHealthCloud() {
    fieldErrors.clear();
    if (!checkIdNumber()) return;
    if (!form.name.trim()) {
      fieldErrors.errors.name = '请输入姓名';
      return;
    }
    looking.value = true;
    const answer = await fieldErrors.run(() => api.healthCloud.lookup({ idNumber: form.idNumber, name: form.name }));
    looking.value = false;
    if (!answer) return;
    lookup.value = answer;
    // 手机号 from the 健康云 record when it has one.
    if (answer.found && answer.phone) form.phone = answer.phone;
  }

  /** Checks in the window what can be checked here; the services check it all again. */
  function checkLocally(): boolean {
    let ok = checkIdNumber();
    if (!form.name.trim()) {
      fieldErrors.errors.name = '请输入姓名';
      ok = false;
    }
    if (!form.origin.provinceCode || !form.origin.cityCode) {
      fieldErrors.errors['origin.cityCode'] = '请选择出发地';
      ok = false;
    }
    const phoneError = form.phone ? mobilePhoneError(form.phone) : '请填写手机号';
    if (phoneError) {
      fieldErrors.errors.phone = phoneError;
      ok = false;
    }
    return ok;
  }

  const useHealthCloud = computed(() => lookup.value?.found === true);

  return { form, lookup, looking, fetchHealthCloud, checkLocally, useHealthCloud };
}

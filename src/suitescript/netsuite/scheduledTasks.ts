import task = require('N/task');
import { errorName } from '../netsuiteErrors';

/**
 * Queues a run of a scheduled script's on-demand deployment; false when that deployment is already queued or
 * running (Oracle help, "ScheduledScriptTask.submit()": such a deployment is not queued again).
 */
export function submitScheduledScript(scriptId: string, deploymentId: string): boolean {
  try {
    task.create({ taskType: task.TaskType.SCHEDULED_SCRIPT, scriptId, deploymentId }).submit();
    return true;
  } catch (error) {
    if (['FAILED_TO_SUBMIT_JOB_REQUEST_1', 'NO_DEPLOYMENTS_AVAILABLE'].includes(errorName(error))) return false;
    throw error;
  }
}

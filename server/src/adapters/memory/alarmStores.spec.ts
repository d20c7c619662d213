import { alarmStoreContract } from '../../domain/alarms/alarmStoreContract.ts';
import { ledgerStoreContract } from '../../domain/ledger/ledgerStoreContract.ts';
import { maintenanceStoreContract } from '../../domain/maintenance/maintenanceStoreContract.ts';
import { MemoryAlarmStore } from './alarmStore.ts';
import { MemoryLedgerStore } from './ledgerStore.ts';
import { MemoryMaintenanceStore } from './maintenanceStore.ts';

alarmStoreContract('memory alarm store', async () => new MemoryAlarmStore());
ledgerStoreContract('memory ledger store', async () => new MemoryLedgerStore());
maintenanceStoreContract('memory maintenance store', async () => new MemoryMaintenanceStore());

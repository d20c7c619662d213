import { swipeStoreContract } from '../../domain/swipes/swipeStoreContract.ts';
import { MemorySwipeStore } from './swipeStore.ts';

swipeStoreContract('memory swipe store', async () => new MemorySwipeStore());

raise NotImplementedError('to do')
